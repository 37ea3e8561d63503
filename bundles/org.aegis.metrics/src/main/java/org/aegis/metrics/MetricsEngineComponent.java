package org.aegis.metrics;

import java.io.IOException;
import java.io.Reader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.metrics.MetricsCalculator;
import org.aegis.api.metrics.MetricsEngine;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.metrics.OscillatorState;
import org.aegis.api.metrics.WindowAnalysis;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthIndicator;
import org.aegis.api.node.NodeService;
import org.aegis.api.store.Store;
import org.aegis.api.telemetry.LatencyHistogram;
import org.aegis.api.telemetry.MetricSource;
import org.aegis.api.telemetry.MetricWriter;
import org.aegis.api.transport.Transport;
import org.aegis.metrics.math.WindowCalculator;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics engine (docs/metrics.md): runs the node's oscillator network, computes Φ, R, S, D, C, gossips them on the
 * metrics topic, folds in the peers' messages and keeps the history in the store. This class wires the services and
 * the configuration to the parts that do the work: {@link NetworkTick}, {@link ReportProducer},
 * {@link MetricsGossip}, {@link ReportEvents}, {@link HistoryRecorder}, with {@link EngineHealth} for the health.
 *
 * <p>Threads, both owned here and stopped in {@link #deactivate}:
 * <ul>
 * <li>{@value #TICK_THREAD} runs the {@link NetworkTick} at tickHz, scheduled by the {@link TickScheduler}.</li>
 * <li>{@value #PHI_THREAD} runs the {@link ReportProducer} and the {@link HistoryRecorder}.</li>
 * </ul>
 * Transport and store callbacks run on their callers' threads and only touch thread-safe state.
 */
@Component(name = MetricsConfig.PID, configurationPid = MetricsConfig.PID, immediate = true,
        service = {MetricsEngine.class, HealthIndicator.class, MetricsCalculator.class, MetricSource.class})
@Designate(ocd = MetricsConfig.class)
public final class MetricsEngineComponent
        implements MetricsEngine, HealthIndicator, MetricsCalculator, MetricSource {
    static final String COMPONENT = "metrics";
    static final String TICK_THREAD = "aegis-metrics-tick";
    static final String PHI_THREAD = "aegis-metrics-phi";
    static final long SHUTDOWN_WAIT_MILLIS = 5000;

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEngineComponent.class);

    private final Clock clock;
    private final LongSupplier nanoTime;
    private final String nodeId;
    private final MetricsHistory history;
    private final PeerTable peers = new PeerTable();
    private final MetricsGossip gossip;
    private final ReportEvents events;
    private final ReportProducer reportProducer;
    private final NetworkTick networkTick;
    private final HistoryRecorder historyRecorder;
    /** Kept across tick schedulers: a new configuration does not reset it. */
    private final LatencyHistogram tickLateness = new LatencyHistogram();

    private volatile MetricsSettings settings;
    private volatile WindowCalculator calculator;
    /** Why the last configuration was rejected; null when the running one is the last one given. */
    private volatile String rejection;

    // --- threads, guarded by lifecycle
    private final Object lifecycle = new Object();
    private final EngineThreads threads = new EngineThreads();
    private TickScheduler tickScheduler;
    private ScheduledExecutorService phiExecutor;
    private ScheduledFuture<?> historyTask;
    private boolean stopped;

    @Activate
    public MetricsEngineComponent(MetricsConfig config, @Reference(name = "store") Store store,
            @Reference(name = "identity") NodeIdentity identity) {
        this(MetricsSettings.from(config), store, identity, Clock.systemUTC(), System::nanoTime);
    }

    /** Builds the engine without starting its threads: its parts can be driven by hand. */
    MetricsEngineComponent(MetricsSettings settings, Store store, NodeIdentity identity, Clock clock,
            LongSupplier nanoTime) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nodeId = Objects.requireNonNull(identity.peerId(), "peer id");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        MetricsMessageCodec codec = new MetricsMessageCodec();
        this.history = new MetricsHistory(store, codec);
        this.calculator = new WindowCalculator(settings.weights(), settings.lag());
        this.gossip = new MetricsGossip(nodeId, clock, peers, codec, this::settings);
        this.events = new ReportEvents(codec);
        this.reportProducer = new ReportProducer(nodeId, clock, nanoTime, peers, gossip, events);
        this.networkTick = new NetworkTick(this::settings, nodeId, clock, nanoTime, peers, reportProducer);
        this.historyRecorder = new HistoryRecorder(history, reportProducer::current, clock, this::settings);
    }

    /** Starts the tick and Φ threads. */
    @Activate
    void start() {
        synchronized (lifecycle) {
            if (stopped || tickScheduler != null) {
                return;
            }
            tickScheduler = new TickScheduler(threads.newExecutor(TICK_THREAD), nanoTime, networkTick, tickLateness);
            phiExecutor = threads.newExecutor(PHI_THREAD);
            reportProducer.runOn(phiExecutor);
            scheduleTicks(settings);
            scheduleHistory(settings);
        }
        LOG.info("Metrics engine of {} started: tick {} Hz, window {}, Φ every {} ms", nodeId,
                MetricsSettings.fmt(settings.tickHz()), settings.window(), settings.phiIntervalMs());
    }

    /**
     * Applies a new configuration. An invalid one is rejected: the engine keeps running with the previous settings
     * and reports DEGRADED until a valid one arrives.
     *
     * @throws IllegalArgumentException naming the offending property (SCR logs it)
     */
    @Modified
    void modified(MetricsConfig config) {
        MetricsSettings next;
        try {
            next = MetricsSettings.from(config);
        } catch (IllegalArgumentException e) {
            rejection = e.getMessage();
            LOG.warn("{}; the metrics engine keeps running with its previous configuration", e.getMessage());
            throw e;
        }
        apply(next);
    }

    /** Switches to valid settings; the tick thread picks up what concerns the network at its next tick. */
    private void apply(MetricsSettings next) {
        Objects.requireNonNull(next, "settings");
        MetricsSettings previous = settings;
        if (!next.weights().equals(previous.weights()) || next.lag() != previous.lag()) {
            calculator = new WindowCalculator(next.weights(), next.lag());
        }
        settings = next;
        rejection = null;
        synchronized (lifecycle) {
            if (tickScheduler != null && !stopped) {
                if (Double.compare(next.tickHz(), previous.tickHz()) != 0) {
                    scheduleTicks(next);
                }
                if (next.historyIntervalMs() != previous.historyIntervalMs()) {
                    scheduleHistory(next);
                }
            }
        }
        if (!next.topic().equals(previous.topic())) {
            gossip.resubscribe(next.topic());
        }
    }

    /** Stops both threads and waits for them to end; closes the subscription. */
    @Deactivate
    void deactivate() {
        gossip.close();
        synchronized (lifecycle) {
            stopped = true;
            if (tickScheduler != null) {
                tickScheduler.stop();
            }
        }
        threads.shutdown(SHUTDOWN_WAIT_MILLIS);
        LOG.info("Metrics engine of {} stopped", nodeId);
    }

    /** Holding lifecycle, with the threads started. */
    private void scheduleTicks(MetricsSettings s) {
        networkTick.resetTickStats(s.tickHz()); // before the new loop starts, so its first tick is counted
        tickScheduler.runEvery(s.tickPeriodNanos());
    }

    /** Holding lifecycle, with the threads started. */
    private void scheduleHistory(MetricsSettings s) {
        if (historyTask != null) {
            historyTask.cancel(false);
        }
        historyTask = phiExecutor.scheduleWithFixedDelay(historyRecorder::record, s.historyIntervalMs(),
                s.historyIntervalMs(), TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------------------------------ MetricsEngine

    @Override
    public Optional<MetricsReport> current() {
        return reportProducer.current();
    }

    @Override
    public List<MetricsReport> history(Instant from, Instant to, Duration step) {
        return history.read(from, to, step);
    }

    @Override
    public Optional<WindowAnalysis> currentAnalysis() {
        return reportProducer.currentAnalysis();
    }

    @Override
    public Optional<OscillatorState> oscillators() {
        return networkTick.oscillators();
    }

    @Override
    public List<MetricsReport> peers() {
        return peers.fresh(clock.millis(), settings.staleness().toMillis());
    }

    // ------------------------------------------------------------------------------------------ MetricsCalculator

    /** The metrics of any window, with the configured weights and lag. */
    @Override
    public WindowAnalysis analyse(double[][] phases) {
        return calculator.analyse(phases);
    }

    @Override
    public double[][] readCsv(Reader csv) throws IOException {
        return calculator.readCsv(csv);
    }

    // ------------------------------------------------------------------------------------------ HealthIndicator

    @Override
    public String component() {
        return COMPONENT;
    }

    @Override
    public ComponentHealth health() {
        return new EngineHealth(settings, rejection, networkTick.tickIntervals(), networkTick.failures(),
                networkTick.windowFill(), networkTick.windowCapacity(), reportProducer.lastPhiNanos(),
                reportProducer.phiSkipped(), historyRecorder.problem(), peers().size(), gossip.dropCounts())
                .toComponentHealth();
    }

    // ------------------------------------------------------------------------------------------ MetricSource

    @Override
    public void collect(MetricWriter out) {
        out.histogram("aegis_metrics_tick_jitter_seconds", "How late each network tick started against its schedule",
                tickLateness.snapshot());
        gossip.writeDrops(out);
    }

    // ------------------------------------------------------------------------------------------ references

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTransport(Transport transport) {
        gossip.bind(transport);
    }

    void unbindTransport(Transport transport) {
        gossip.unbind(transport);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindNodeService(NodeService service) {
        events.bind(service);
    }

    void unbindNodeService(NodeService service) {
        events.unbind(service);
    }

    MetricsSettings settings() {
        return settings;
    }

    // ------------------------------------------------------------------------------------------ the parts, for tests

    NetworkTick networkTick() {
        return networkTick;
    }

    ReportProducer reportProducer() {
        return reportProducer;
    }

    MetricsGossip gossip() {
        return gossip;
    }

    HistoryRecorder historyRecorder() {
        return historyRecorder;
    }
}
