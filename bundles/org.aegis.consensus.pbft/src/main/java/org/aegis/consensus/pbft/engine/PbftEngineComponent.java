package org.aegis.consensus.pbft.engine;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionListener;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.api.consensus.ValidatorSet;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.metrics.MetricsEngine;
import org.aegis.api.metrics.WeightProvider;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthIndicator;
import org.aegis.api.node.HealthState;
import org.aegis.api.store.Store;
import org.aegis.api.telemetry.MetricSource;
import org.aegis.api.telemetry.MetricWriter;
import org.aegis.api.tracing.SpanKind;
import org.aegis.api.tracing.TraceScope;
import org.aegis.api.tracing.TraceSpan;
import org.aegis.api.tracing.Tracing;
import org.aegis.api.transport.Transport;
import org.aegis.consensus.pbft.DropReason;
import org.aegis.consensus.pbft.Replica;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PBFT consensus engine service: one {@link Replica} on a single-thread scheduler owned here, bound to the
 * best-ranked {@link Transport} (and working as a network of one without any), delivering decisions in order, once
 * each, to the {@link DecisionListener} services on a delivery thread of its own, so a slow listener never holds up
 * consensus. A configuration change restarts the component; the replica resumes from the store.
 *
 * <p>Threads, both stopped in {@link #deactivate}: {@value #REPLICA_THREAD} runs the replica, {@value
 * #DELIVERY_THREAD} calls the listeners (the node's state machine among them publishes the decisions as events).
 */
@Component(name = PbftEngineConfig.PID, configurationPid = PbftEngineConfig.PID, immediate = true,
        service = {ConsensusEngine.class, HealthIndicator.class, MetricSource.class})
@Designate(ocd = PbftEngineConfig.class)
public final class PbftEngineComponent implements ConsensusEngine, HealthIndicator, MetricSource {
    static final String REPLICA_THREAD = "aegis-pbft";
    static final String DELIVERY_THREAD = "aegis-pbft-decisions";
    static final String COMPONENT = "consensus";
    /** The span of a traced decision's delivery to this node's listeners (its state machine among them). */
    static final String APPLY_SPAN = "aegis.decision.apply";
    /** A replica thread may be in a store commit: interrupting it is the last resort, after a generous wait. */
    static final long SHUTDOWN_WAIT_MILLIS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(PbftEngineComponent.class);

    private final ScheduledExecutorService executor;
    private final ExecutorService delivery;
    /** The threads of both executors, joined when the engine stops. */
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Replica replica;
    private final List<LazyListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<MetricsEngine> metrics = new AtomicReference<>();
    private final AtomicReference<Transport> transport = new AtomicReference<>();
    private final MetricsReportProposals reports = new MetricsReportProposals();
    private volatile Tracing tracing = Tracing.DISABLED;

    @Activate
    public PbftEngineComponent(PbftEngineConfig config, @Reference(name = "identity") NodeIdentity identity,
            @Reference(name = "store") Store store, @Reference(name = "weights") WeightProvider weights) {
        PbftSettings settings;
        try {
            settings = PbftSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("Refusing the PBFT configuration: {}", e.getMessage());
            throw e;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> owned(new Thread(r, REPLICA_THREAD)));
        delivery = Executors.newSingleThreadExecutor(r -> owned(new Thread(r, DELIVERY_THREAD)));
        replica = new Replica(identity, null, store, executor, Clock.systemUTC(), settings.replica(), weights);
        replica.onTracedDecision((decision, traceparent) -> delivery.execute(() -> deliver(decision, traceparent)));
        if (!settings.metricsReportInterval().isZero()) {
            long every = settings.metricsReportInterval().toMillis();
            executor.scheduleWithFixedDelay(this::proposeMetricsReport, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Activate
    void start() {
        replica.start();
    }

    @Deactivate
    void deactivate() {
        replica.stop();
        executor.shutdown();
        delivery.shutdown();
        try {
            if (!executor.awaitTermination(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                    || !delivery.awaitTermination(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.warn("PBFT threads did not stop within {} ms", SHUTDOWN_WAIT_MILLIS);
                executor.shutdownNow();
                delivery.shutdownNow();
            }
            // an executor's termination is signalled before its thread has exited
            for (Thread thread : threads) {
                thread.join(SHUTDOWN_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            delivery.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private Thread owned(Thread thread) {
        threads.add(thread);
        return thread;
    }

    /** Calls every listener with {@code decision}, inside a span of the request's trace when it is traced. */
    private void deliver(Decision decision, String traceparent) {
        TraceSpan span = traceparent == null ? TraceSpan.NONE : tracing.start(APPLY_SPAN, SpanKind.INTERNAL, traceparent);
        span.attribute("aegis.decision.sequence", decision.sequence())
                .attribute("aegis.proposal.kind", decision.proposal().kind());
        try (TraceScope scope = span.activate()) {
            for (LazyListener lazy : listeners) {
                DecisionListener listener = lazy.get();
                if (listener == null) {
                    continue; // its component could not be activated (it logs why); it catches up from the log
                }
                try {
                    listener.onDecision(decision);
                } catch (RuntimeException e) {
                    LOG.error("Decision listener {} failed on decision {}", listener, decision.sequence(), e);
                    span.failed(listener + " failed: " + e);
                }
            }
        } finally {
            span.end();
        }
    }

    private void proposeMetricsReport() {
        MetricsEngine engine = metrics.get();
        if (engine == null || !replica.validators().validators().stream()
                .anyMatch(v -> v.peerId().equals(replica.peerId()))) {
            return;
        }
        engine.current().filter(r -> r.nodeId().equals(replica.peerId())).ifPresent(report ->
                replica.propose(reports.of(report)).whenComplete((d, e) -> {
                    if (e != null) {
                        LOG.debug("Metrics report not decided: {}", e.toString());
                    }
                }));
    }

    // ------------------------------------------------------------------------------------------ ConsensusEngine

    @Override
    public CompletionStage<Decision> propose(Proposal proposal) {
        return replica.propose(proposal);
    }

    @Override
    public ValidatorSet validators() {
        return replica.validators();
    }

    @Override
    public long view() {
        return replica.view();
    }

    @Override
    public long lastCommitted() {
        return replica.lastCommitted();
    }

    @Override
    public ConsensusState state() {
        return replica.state();
    }

    @Override
    public Optional<ProposalStatus> status(String proposalId) {
        return replica.status(proposalId);
    }

    @Override
    public List<Decision> decisions(long fromSequence, int limit) {
        return replica.decisions(fromSequence, limit);
    }

    // ------------------------------------------------------------------------------------------ HealthIndicator

    @Override
    public String component() {
        return COMPONENT;
    }

    @Override
    public ComponentHealth health() {
        ConsensusState s = replica.state();
        Map<DropReason, Long> dropped = replica.drops();
        long totalDrops = dropped.values().stream().mapToLong(Long::longValue).sum();
        String detail = "view " + s.view() + ", primary " + s.primary() + ", " + s.lastCommitted() + " decisions, "
                + s.validators().validators().size() + " validators, dropped " + totalDrops + " messages";
        if (s.viewChangeInProgress()) {
            return new ComponentHealth(COMPONENT, HealthState.DEGRADED, "changing view; " + detail);
        }
        if (s.validators().validators().size() > 1 && transport.get() == null) {
            return new ComponentHealth(COMPONENT, HealthState.DEGRADED, "no transport; " + detail);
        }
        return new ComponentHealth(COMPONENT, HealthState.UP, detail);
    }

    // ------------------------------------------------------------------------------------------ MetricSource

    @Override
    public void collect(MetricWriter out) {
        replica.collect(out);
    }

    // ------------------------------------------------------------------------------------------ references

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTransport(Transport t) {
        transport.set(t);
        replica.bindTransport(t);
    }

    void unbindTransport(Transport t) {
        transport.compareAndSet(t, null);
        replica.unbindTransport(t);
    }

    /**
     * Listeners are bound without getting their service, which happens on the delivery thread at the first decision:
     * getting it while binding activated a listener (federated learning, the state machine) from inside this
     * engine's activation, which SCR may have started from that very listener's activation binding this engine, a
     * cycle Felix refuses; the listener then stayed without an engine for good.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindDecisionListener(ComponentServiceObjects<DecisionListener> listener) {
        listeners.add(new LazyListener(listener));
    }

    void unbindDecisionListener(ComponentServiceObjects<DecisionListener> listener) {
        for (LazyListener lazy : listeners) {
            if (lazy.objects() == listener) {
                listeners.remove(lazy);
                lazy.release();
            }
        }
    }

    /** A bound listener's service, got once when first needed and given back when it is unbound. */
    private record LazyListener(ComponentServiceObjects<DecisionListener> objects,
            AtomicReference<DecisionListener> got) {
        LazyListener(ComponentServiceObjects<DecisionListener> objects) {
            this(objects, new AtomicReference<>());
        }

        DecisionListener get() {
            DecisionListener listener = got.get();
            if (listener == null) {
                listener = objects.getService();
                if (listener != null && !got.compareAndSet(null, listener)) {
                    objects.ungetService(listener);
                    listener = got.get();
                }
            }
            return listener;
        }

        void release() {
            DecisionListener listener = got.getAndSet(null);
            if (listener != null) {
                objects.ungetService(listener);
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetricsEngine(MetricsEngine engine) {
        metrics.set(engine);
    }

    void unbindMetricsEngine(MetricsEngine engine) {
        metrics.compareAndSet(engine, null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTracing(Tracing t) {
        tracing = t;
        replica.setTracing(t);
    }

    void unbindTracing(Tracing t) {
        if (tracing == t) {
            tracing = Tracing.DISABLED;
            replica.setTracing(null);
        }
    }

    /** The replica, for tests. */
    Replica replica() {
        return replica;
    }
}
