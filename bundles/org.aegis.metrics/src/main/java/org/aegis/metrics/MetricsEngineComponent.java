package org.aegis.metrics;

import java.io.IOException;
import java.io.Reader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.aegis.api.Registration;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.metrics.ConsciousnessMetrics;
import org.aegis.api.metrics.GlobalState;
import org.aegis.api.metrics.MetricsCalculator;
import org.aegis.api.metrics.MetricsEngine;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.metrics.WindowAnalysis;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthIndicator;
import org.aegis.api.node.HealthState;
import org.aegis.api.node.NodeEvent;
import org.aegis.api.node.NodeService;
import org.aegis.api.store.Store;
import org.aegis.api.transport.PubSubMessage;
import org.aegis.api.transport.Transport;
import org.aegis.metrics.math.ConsciousnessLevel;
import org.aegis.metrics.math.GaussianPhi;
import org.aegis.metrics.math.OrderParameters;
import org.aegis.metrics.math.PhaseDivergence;
import org.aegis.metrics.math.PhaseWindow;
import org.aegis.metrics.math.PhiResult;
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
 * The metrics engine (METRICS.md): runs the node's oscillator network, computes Φ, R, S, D, C, gossips them on the
 * metrics topic, folds in the peers' messages and keeps the history in the store.
 *
 * <p>Threads, both owned here and stopped in {@link #deactivate}:
 * <ul>
 * <li>{@value #TICK_THREAD} runs the tick at tickHz: one step of the network, the sample into the window, and R, S, D
 * and the mean phase of the window. It never blocks and never waits for Φ: when Φ is due it copies the window (a
 * flat array copy) and hands it to the Φ thread, or skips this turn if the previous Φ is still running. Ticks are
 * scheduled against System.nanoTime deadlines at a fixed rate; a late tick runs at once and the following ones catch
 * up, but a backlog of more than {@link #MAX_CATCH_UP} (a suspended machine, a long pause) is dropped, not
 * replayed.</li>
 * <li>{@value #PHI_THREAD} computes Φ on the copy, then C, the report, its message and event; it also writes the
 * history and prunes it.</li>
 * </ul>
 * Transport and store callbacks run on their callers' threads and only touch thread-safe state.
 */
@Component(name = MetricsConfig.PID, configurationPid = MetricsConfig.PID, immediate = true,
        service = {MetricsEngine.class, HealthIndicator.class, MetricsCalculator.class})
@Designate(ocd = MetricsConfig.class)
public final class MetricsEngineComponent implements MetricsEngine, HealthIndicator, MetricsCalculator {
    static final String COMPONENT = "metrics";
    /** Node event published with every report; its data is the report as the message's map. */
    static final String REPORT_EVENT = "aegis/metrics/report";
    static final String TICK_THREAD = "aegis-metrics-tick";
    static final String PHI_THREAD = "aegis-metrics-phi";
    static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);
    static final Duration MAX_CATCH_UP = Duration.ofSeconds(1);
    /** The tick is behind when its rate over the last 10 s is below this share of tickHz. */
    static final double BEHIND_RATIO = 0.9;
    /** The rate is judged only once it was measured over this long. */
    static final double MIN_RATE_SPAN_SECONDS = 2;
    static final long SHUTDOWN_WAIT_MILLIS = 5000;

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEngineComponent.class);

    private final Clock clock;
    private final LongSupplier nanoTime;
    private final String nodeId;
    private final MetricsMessageCodec codec = new MetricsMessageCodec();
    private final MetricsHistory history;
    private final PeerTable peers = new PeerTable();
    private final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);
    private final AtomicLong accepted = new AtomicLong();

    private volatile MetricsSettings settings;
    private volatile WindowCalculator calculator;
    /** Why the last configuration was rejected; null when the running one is the last one given. */
    private volatile String rejection;
    private volatile TickStats tickStats;

    // --- the tick thread's own (handed over once through the executor, then never shared)
    private Simulation simulation;
    private final double[] peerPhases = new double[PeerTable.MAX_PEERS];

    // --- published by the tick
    private volatile int windowFill;
    private volatile int windowCapacity;
    private volatile int peersInTick;
    private volatile LiveMetrics live;
    private final AtomicLong tickFailures = new AtomicLong();
    private final AtomicLong ticksDropped = new AtomicLong();

    // --- Φ
    private final AtomicBoolean phiBusy = new AtomicBoolean();
    private final AtomicLong phiRuns = new AtomicLong();
    private final AtomicLong phiSkipped = new AtomicLong();
    private final AtomicLong phiFailures = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private volatile long lastPhiNanos;
    private volatile Latest latest;
    /** Runs the Φ jobs; null (in tests) runs them on the caller. */
    private volatile Executor phiRunner;

    // --- history (Φ thread)
    private volatile MetricsReport lastStored;
    private volatile long lastPruneMillis = Long.MIN_VALUE / 4;
    private volatile String historyProblem;

    // --- threads, guarded by lifecycle
    private final Object lifecycle = new Object();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private ScheduledThreadPoolExecutor tickExecutor;
    private ScheduledThreadPoolExecutor phiExecutor;
    private ScheduledFuture<?> historyTask;
    private final AtomicLong tickGeneration = new AtomicLong();
    private boolean stopped;

    // --- services
    private final Object subscriptionLock = new Object();
    private volatile Subscription subscription;
    private final AtomicReference<NodeService> nodeService = new AtomicReference<>();

    @Activate
    public MetricsEngineComponent(MetricsConfig config, @Reference(name = "store") Store store,
            @Reference(name = "identity") NodeIdentity identity) {
        this(MetricsSettings.from(config), store, identity, Clock.systemUTC(), System::nanoTime);
    }

    /** Builds the engine without starting its threads: {@link #tick} and the others can be driven by hand. */
    MetricsEngineComponent(MetricsSettings settings, Store store, NodeIdentity identity, Clock clock,
            LongSupplier nanoTime) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nodeId = Objects.requireNonNull(identity.peerId(), "peer id");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.history = new MetricsHistory(store, codec);
        this.calculator = new WindowCalculator(settings.weights(), settings.lag());
        this.tickStats = new TickStats(settings.tickHz());
        this.simulation = Simulation.create(settings, nodeId);
        this.windowCapacity = settings.window();
    }

    /** Starts the tick and Φ threads. */
    @Activate
    void start() {
        synchronized (lifecycle) {
            if (stopped || tickExecutor != null) {
                return;
            }
            tickExecutor = newExecutor(TICK_THREAD);
            phiExecutor = newExecutor(PHI_THREAD);
            phiRunner = phiExecutor;
            scheduleTicks(settings);
            scheduleHistory(settings);
        }
        LOG.info("Metrics engine of {} started: tick {} Hz, window {}, Φ every {} ms", nodeId,
                fmt(settings.tickHz()), settings.window(), settings.phiIntervalMs());
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
    void apply(MetricsSettings next) {
        Objects.requireNonNull(next, "settings");
        MetricsSettings previous = settings;
        if (!next.weights().equals(previous.weights()) || next.lag() != previous.lag()) {
            calculator = new WindowCalculator(next.weights(), next.lag());
        }
        settings = next;
        rejection = null;
        synchronized (lifecycle) {
            if (tickExecutor != null && !stopped) {
                if (Double.compare(next.tickHz(), previous.tickHz()) != 0) {
                    scheduleTicks(next);
                }
                if (next.historyIntervalMs() != previous.historyIntervalMs()) {
                    scheduleHistory(next);
                }
            }
        }
        if (!next.topic().equals(previous.topic())) {
            synchronized (subscriptionLock) {
                Subscription old = subscription;
                if (old != null) {
                    subscription = subscribe(old.transport(), next.topic());
                    close(old);
                }
            }
        }
    }

    /** Stops both threads and waits for them to end; closes the subscription. */
    @Deactivate
    void deactivate() {
        synchronized (subscriptionLock) {
            close(subscription);
            subscription = null;
        }
        ScheduledThreadPoolExecutor tick;
        ScheduledThreadPoolExecutor phi;
        synchronized (lifecycle) {
            stopped = true;
            tickGeneration.incrementAndGet();
            tick = tickExecutor;
            phi = phiExecutor;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_WAIT_MILLIS);
        boolean interrupted = false;
        for (ScheduledThreadPoolExecutor executor : new ScheduledThreadPoolExecutor[] {tick, phi}) {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
        for (ScheduledThreadPoolExecutor executor : new ScheduledThreadPoolExecutor[] {tick, phi}) {
            try {
                if (executor != null && !executor.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS)) {
                    LOG.warn("A metrics thread did not stop within {} ms", SHUTDOWN_WAIT_MILLIS);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        // a terminated executor's last worker may still be on its way out: wait until it is gone
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        LOG.info("Metrics engine of {} stopped", nodeId);
    }

    // ------------------------------------------------------------------------------------------ the tick

    /** One tick: a step of the network, R, S, D of the window, and Φ handed over when due. Tick thread only. */
    void tick() {
        try {
            tickStats.record(nanoTime.getAsLong());
            MetricsSettings s = settings;
            Simulation sim = simulation;
            if (sim.settings() != s) {
                Simulation next = sim.adopt(s, nodeId);
                if (next != sim) {
                    LOG.info("Metrics network rebuilt: window {}, tick {} Hz, seed {}", s.window(), fmt(s.tickHz()),
                            s.seed() == 0 ? "from peer id" : Long.toString(s.seed()));
                    simulation = next;
                    sim = next;
                    windowCapacity = s.window();
                }
            }
            int peerCount = peers.freshPhases(clock.millis(), s.staleness().toMillis(), peerPhases);
            sim.step(peerPhases, peerCount);
            peersInTick = peerCount;
            PhaseRingBuffer window = sim.window();
            int samples = window.samples();
            windowFill = samples;
            if (samples >= MetricsSettings.REPORT_SAMPLES) {
                LiveMetrics metrics = new LiveMetrics(samples, OrderParameters.coherence(window),
                        OrderParameters.stability(window), PhaseDivergence.divergence(window),
                        OrderParameters.meanPhase(window));
                live = metrics;
                if (sim.phiDue(s.ticksPerPhi())) {
                    startPhi(window.snapshot(), metrics, s);
                }
            }
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: count, log, carry on
            if (tickFailures.getAndIncrement() % 1000 == 0) {
                LOG.error("Metrics tick failed ({} failures so far)", tickFailures.get(), e);
            }
        }
    }

    private void scheduleTicks(MetricsSettings s) {
        long generation = tickGeneration.incrementAndGet();
        tickStats = new TickStats(s.tickHz());
        long period = s.tickPeriodNanos();
        long first = nanoTime.getAsLong();
        submitTick(generation, period, first, 0);
    }

    private void submitTick(long generation, long period, long deadline, long delay) {
        ScheduledExecutorService executor = tickExecutor;
        try {
            executor.schedule(() -> tickLoop(generation, period, deadline), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // shut down: the loop ends
        }
    }

    private void tickLoop(long generation, long period, long deadline) {
        if (generation != tickGeneration.get()) {
            return; // rescheduled at another rate, or stopped
        }
        tick();
        long next = deadline + period;
        long now = nanoTime.getAsLong();
        long behind = now - next;
        if (behind > MAX_CATCH_UP.toNanos()) {
            long missed = behind / period;
            ticksDropped.addAndGet(missed);
            LOG.warn("Metrics tick is {} ms behind; dropping {} ticks", behind / 1_000_000, missed);
            next = now;
        }
        submitTick(generation, period, next, Math.max(0, next - now));
    }

    private void startPhi(PhaseWindow snapshot, LiveMetrics metrics, MetricsSettings s) {
        if (!phiBusy.compareAndSet(false, true)) {
            phiSkipped.incrementAndGet(); // never queue up behind a slow Φ
            return;
        }
        Instant time = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Runnable job = () -> {
            try {
                computeReport(snapshot, metrics, s, time);
            } finally {
                phiBusy.set(false);
            }
        };
        Executor runner = phiRunner;
        try {
            if (runner == null) {
                job.run();
            } else {
                runner.execute(job);
            }
        } catch (RejectedExecutionException e) {
            phiBusy.set(false);
        }
    }

    // ------------------------------------------------------------------------------------------ Φ and the report

    private void computeReport(PhaseWindow snapshot, LiveMetrics m, MetricsSettings s, Instant time) {
        long started = nanoTime.getAsLong();
        try {
            PhiResult phi = new GaussianPhi(s.lag()).compute(snapshot);
            double level = ConsciousnessLevel.of(phi.phi(), m.coherence(), m.stability(), m.divergence(),
                    s.weights());
            ConsciousnessMetrics metrics = new ConsciousnessMetrics(phi.phi(), m.coherence(), m.stability(),
                    m.divergence(), level);
            long now = clock.millis();
            long staleness = s.staleness().toMillis();
            peers.prune(now, staleness);
            GlobalState global = NetworkState.of(m.meanPhase(), level, peers.fresh(now, staleness));
            MetricsReport report = new MetricsReport(time, nodeId, m.meanPhase(), metrics, global);
            int n = snapshot.oscillators();
            WindowAnalysis analysis = new WindowAnalysis(metrics, phi.mib(),
                    snapshot.samples() >= MetricsSettings.REPORT_SAMPLES, n <= MetricsCalculator.MAX_OSCILLATORS, n,
                    snapshot.samples());
            latest = new Latest(report, analysis);
            phiRuns.incrementAndGet();
            publish(report, s.topic());
            announce(report);
        } catch (RuntimeException e) {
            if (phiFailures.getAndIncrement() % 100 == 0) {
                LOG.error("Metrics report failed ({} failures so far)", phiFailures.get(), e);
            }
        } finally {
            lastPhiNanos = nanoTime.getAsLong() - started;
        }
    }

    private void publish(MetricsReport report, String topic) {
        Subscription sub = subscription;
        if (sub == null || !topic.equals(sub.topic())) {
            return;
        }
        try {
            sub.transport().publish(topic, codec.encode(report)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    publishFailed(failure);
                }
            });
        } catch (RuntimeException e) {
            publishFailed(e);
        }
    }

    private void publishFailed(Throwable failure) {
        if (publishFailures.getAndIncrement() % 100 == 0) {
            LOG.warn("Publishing the metrics message failed ({} failures so far): {}", publishFailures.get(),
                    failure.toString());
        }
    }

    private void announce(MetricsReport report) {
        NodeService node = nodeService.get();
        if (node == null) {
            return;
        }
        try {
            node.publish(new NodeEvent(REPORT_EVENT, COMPONENT, report.timestamp(), codec.toMap(report)));
        } catch (RuntimeException e) {
            LOG.warn("Publishing the metrics event failed: {}", e.toString());
        }
    }

    // ------------------------------------------------------------------------------------------ peers

    /** A message from the metrics topic: a valid one becomes its peer's latest report, any other is counted. */
    void onMessage(PubSubMessage message) {
        try {
            MetricsMessageCodec.Decoded decoded = codec.decode(message, nodeId, clock.instant());
            if (!decoded.accepted()) {
                drop(decoded.reason(), message.from(), decoded.detail());
                return;
            }
            MetricsSettings s = settings;
            switch (peers.put(decoded.report(), clock.millis(), s.staleness().toMillis())) {
                case STORED -> accepted.incrementAndGet();
                case OUT_OF_ORDER -> drop(DropReason.OUT_OF_ORDER, message.from(), "older than the one held");
                case FULL -> drop(DropReason.TOO_MANY_PEERS, message.from(), PeerTable.MAX_PEERS + " peers held");
                default -> throw new IllegalStateException();
            }
        } catch (RuntimeException e) {
            drops.incrementAndGet(DropReason.INTERNAL_ERROR.ordinal());
            LOG.warn("Failed to handle a metrics message", e);
        }
    }

    private void drop(DropReason reason, String from, String detail) {
        drops.incrementAndGet(reason.ordinal());
        LOG.debug("Dropped a metrics message from {}: {} ({})", from, reason.label(), detail);
    }

    // ------------------------------------------------------------------------------------------ history

    private void scheduleHistory(MetricsSettings s) {
        if (historyTask != null) {
            historyTask.cancel(false);
        }
        historyTask = phiExecutor.scheduleWithFixedDelay(this::recordHistory, s.historyIntervalMs(),
                s.historyIntervalMs(), TimeUnit.MILLISECONDS);
    }

    /** Stores the latest report if it is new, and prunes old ones once a minute. Φ thread. */
    void recordHistory() {
        try {
            Latest l = latest;
            if (l != null && l.report() != lastStored) {
                history.append(l.report());
                lastStored = l.report();
            }
            long now = clock.millis();
            if (now - lastPruneMillis >= PRUNE_INTERVAL.toMillis()) {
                lastPruneMillis = now;
                pruneHistory();
            }
            historyProblem = null;
        } catch (RuntimeException e) {
            if (historyProblem == null) {
                LOG.error("Storing the metrics history failed", e);
            }
            historyProblem = String.valueOf(e.getMessage());
        }
    }

    /** Removes the reports older than the retention; returns how many. */
    int pruneHistory() {
        int removed = history.prune(clock.instant().minus(settings.historyRetention()));
        if (removed > 0) {
            LOG.debug("Pruned {} metrics history entries", removed);
        }
        return removed;
    }

    // ------------------------------------------------------------------------------------------ MetricsEngine

    @Override
    public Optional<MetricsReport> current() {
        Latest l = latest;
        return l == null ? Optional.empty() : Optional.of(l.report());
    }

    @Override
    public List<MetricsReport> history(Instant from, Instant to, Duration step) {
        return history.read(from, to, step);
    }

    @Override
    public Optional<WindowAnalysis> currentAnalysis() {
        Latest l = latest;
        return l == null ? Optional.empty() : Optional.of(l.analysis());
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

    // ------------------------------------------------------------------------------------------ health

    @Override
    public String component() {
        return COMPONENT;
    }

    @Override
    public ComponentHealth health() {
        MetricsSettings s = settings;
        TickStats.Summary t = tickStats.summary(nanoTime.getAsLong());
        List<String> problems = new ArrayList<>();
        String rejected = rejection;
        if (rejected != null) {
            problems.add("configuration rejected: " + rejected + " (running with the previous configuration)");
        }
        if (t.ticks() > 0 && t.spanSeconds() >= MIN_RATE_SPAN_SECONDS && t.rateHz() < BEHIND_RATIO * s.tickHz()) {
            problems.add(String.format(Locale.ROOT, "tick falls behind: %.1f Hz of %s Hz over the last %.0f s",
                    t.rateHz(), fmt(s.tickHz()), t.spanSeconds()));
        }
        if (!s.windowAllowsReports()) {
            problems.add("window " + s.window() + " is below 20·n = " + MetricsSettings.REPORT_SAMPLES
                    + " samples, so no report is made (METRICS.md §2)");
        }
        String stored = historyProblem;
        if (stored != null) {
            problems.add("history not stored: " + stored);
        }
        if (tickFailures.get() > 0) {
            problems.add(tickFailures.get() + " ticks failed");
        }
        String detail = String.format(Locale.ROOT,
                "tick %s Hz (interval mean %.1f ms, p99 %.1f ms, max %.1f ms), window %d/%d, Φ every %d ms"
                        + " (last %d ms, %d skipped), %d peers, %s",
                fmt(s.tickHz()), t.meanMs(), t.p99Ms(), t.maxMs(), windowFill, windowCapacity, s.phiIntervalMs(),
                TimeUnit.NANOSECONDS.toMillis(lastPhiNanos), phiSkipped.get(), peers().size(), dropSummary());
        return problems.isEmpty()
                ? new ComponentHealth(COMPONENT, HealthState.UP, detail)
                : new ComponentHealth(COMPONENT, HealthState.DEGRADED, String.join("; ", problems) + "; " + detail);
    }

    private String dropSummary() {
        Map<DropReason, Long> counts = dropCounts();
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return "0 messages dropped";
        }
        StringBuilder sb = new StringBuilder().append(total).append(" messages dropped (");
        String separator = "";
        for (Map.Entry<DropReason, Long> e : counts.entrySet()) {
            sb.append(separator).append(e.getKey().label()).append(' ').append(e.getValue());
            separator = ", ";
        }
        return sb.append(')').toString();
    }

    // ------------------------------------------------------------------------------------------ references

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindTransport(Transport transport) {
        synchronized (subscriptionLock) {
            Subscription old = subscription;
            subscription = subscribe(transport, settings.topic());
            close(old);
        }
    }

    void unbindTransport(Transport transport) {
        synchronized (subscriptionLock) {
            Subscription current = subscription;
            if (current != null && current.transport() == transport) {
                subscription = null;
                close(current);
            }
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindNodeService(NodeService service) {
        nodeService.set(service);
    }

    void unbindNodeService(NodeService service) {
        nodeService.compareAndSet(service, null);
    }

    private Subscription subscribe(Transport transport, String topic) {
        Registration registration = null;
        try {
            registration = transport.subscribe(topic, this::onMessage);
        } catch (RuntimeException e) {
            LOG.warn("Cannot subscribe to {} on transport {}: {}", topic, transport, e.toString());
        }
        return new Subscription(transport, topic, registration);
    }

    private static void close(Subscription sub) {
        if (sub != null && sub.registration() != null) {
            try {
                sub.registration().close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the subscription to {} failed: {}", sub.topic(), e.toString());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ for tests, benchmarks

    /** Intervals between the last ticks (mean, p99, max) and the tick rate over the last 10 s. */
    TickStats.Summary tickIntervals() {
        return tickStats.summary(nanoTime.getAsLong());
    }

    /** Messages dropped so far, by reason (reasons that never happened are left out). */
    Map<DropReason, Long> dropCounts() {
        Map<DropReason, Long> counts = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            long c = drops.get(reason.ordinal());
            if (c > 0) {
                counts.put(reason, c);
            }
        }
        return counts;
    }

    long acceptedMessages() {
        return accepted.get();
    }

    /** The network's phases now (a copy). Tick thread, or a test driving the ticks. */
    double[] phases() {
        return simulation.network().phasesView().clone();
    }

    /** The seed the network runs with. Tick thread, or a test driving the ticks. */
    long seed() {
        return simulation.seed();
    }

    /** A copy of the window now. Tick thread, or a test driving the ticks. */
    PhaseWindow windowSnapshot() {
        return simulation.window().snapshot();
    }

    Optional<LiveMetrics> live() {
        return Optional.ofNullable(live);
    }

    int windowFill() {
        return windowFill;
    }

    /** Peers whose phase entered the last tick's external term. */
    int peersInLastTick() {
        return peersInTick;
    }

    long phiRuns() {
        return phiRuns.get();
    }

    long phiSkipped() {
        return phiSkipped.get();
    }

    long ticksDropped() {
        return ticksDropped.get();
    }

    MetricsSettings settings() {
        return settings;
    }

    String nodeId() {
        return nodeId;
    }

    /** Runs the Φ jobs on {@code runner} instead of the caller (tests without threads). */
    void runPhiOn(Executor runner) {
        phiRunner = runner;
    }

    // ------------------------------------------------------------------------------------------ helpers

    private ScheduledThreadPoolExecutor newExecutor(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    static String fmt(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    private record Latest(MetricsReport report, WindowAnalysis analysis) {
    }

    private record Subscription(Transport transport, String topic, Registration registration) {
    }
}
