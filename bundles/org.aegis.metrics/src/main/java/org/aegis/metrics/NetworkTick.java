package org.aegis.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.aegis.api.metrics.OscillatorState;
import org.aegis.metrics.math.OrderParameters;
import org.aegis.metrics.math.PhaseDivergence;
import org.aegis.metrics.math.PhaseWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tick of the node's network (docs/metrics.md §1–§3): a step coupled to the fresh peers' phases, the sample into the
 * window, R, S, D and the mean phase of the window, and, when Φ is due, a copy of the window handed to the
 * {@link ReportProducer}. It never blocks and never waits for Φ.
 *
 * <p>{@link #run} and the network belong to the tick thread (or a test driving the ticks); the counters and the
 * {@link LiveMetrics} it publishes may be read from any thread.
 */
final class NetworkTick implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(NetworkTick.class);

    private final Supplier<MetricsSettings> settings;
    private final String nodeId;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final PeerTable peers;
    private final ReportProducer reports;

    // --- the tick thread's own
    private Simulation simulation;
    private final double[] peerPhases = new double[PeerTable.MAX_PEERS];

    // --- published by the tick
    private volatile TickStats tickStats;
    private volatile int windowFill;
    private volatile int windowCapacity;
    private volatile int peersInTick;
    private volatile LiveMetrics live;
    private volatile PhaseSample lastPhases;
    private final AtomicLong failures = new AtomicLong();

    /** @param settings the engine's current settings; the network follows them at the next tick */
    NetworkTick(Supplier<MetricsSettings> settings, String nodeId, Clock clock, LongSupplier nanoTime,
            PeerTable peers, ReportProducer reports) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.reports = Objects.requireNonNull(reports, "reports");
        MetricsSettings initial = settings.get();
        this.tickStats = new TickStats(initial.tickHz());
        this.simulation = Simulation.create(initial, nodeId);
        this.windowCapacity = initial.window();
    }

    /** One tick. Tick thread only. */
    @Override
    public void run() {
        try {
            tickStats.record(nanoTime.getAsLong());
            MetricsSettings s = settings.get();
            Simulation sim = adopt(s);
            int peerCount = peers.freshPhases(clock.millis(), s.staleness().toMillis(), peerPhases);
            sim.step(peerPhases, peerCount);
            peersInTick = peerCount;
            lastPhases = new PhaseSample(clock.instant(), sim.network().phasesView().clone(), peerCount, sim);
            PhaseRingBuffer window = sim.window();
            int samples = window.samples();
            windowFill = samples;
            if (samples >= MetricsSettings.REPORT_SAMPLES) {
                LiveMetrics metrics = new LiveMetrics(samples, OrderParameters.coherence(window),
                        OrderParameters.stability(window), PhaseDivergence.divergence(window),
                        OrderParameters.meanPhase(window));
                live = metrics;
                if (sim.phiDue(s.ticksPerPhi())) {
                    reports.offer(window::snapshot, metrics, s);
                }
            }
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: count, log, carry on
            if (failures.getAndIncrement() % 1000 == 0) {
                LOG.error("Metrics tick failed ({} failures so far)", failures.get(), e);
            }
        }
    }

    /** Starts measuring the intervals afresh, sized for {@code tickHz}: the tick was rescheduled at that rate. */
    void resetTickStats(double tickHz) {
        tickStats = new TickStats(tickHz);
    }

    /** Intervals between the last ticks (mean, p99, max) and the tick rate over the last 10 s. */
    TickStats.Summary tickIntervals() {
        return tickStats.summary(nanoTime.getAsLong());
    }

    /** The network as the last tick left it (phases wrapped into [0, 2π)); empty before the first tick. Any thread. */
    Optional<OscillatorState> oscillators() {
        PhaseSample sample = lastPhases;
        if (sample == null) {
            return Optional.empty();
        }
        OscillatorNetwork network = sample.simulation().network();
        List<List<Integer>> neighbours = new ArrayList<>();
        for (int[] joined : network.neighbours()) {
            neighbours.add(Arrays.stream(joined).boxed().toList());
        }
        MetricsSettings s = sample.simulation().settings();
        return Optional.of(new OscillatorState(sample.time(), Arrays.stream(sample.phases()).boxed().toList(),
                Arrays.stream(network.frequencies()).boxed().toList(), List.copyOf(neighbours), s.coupling(),
                s.externalCoupling(), sample.peers()));
    }

    /** The phases of one tick and the simulation that produced them (whose structure never changes). */
    private record PhaseSample(Instant time, double[] phases, int peers, Simulation simulation) {
    }

    Optional<LiveMetrics> live() {
        return Optional.ofNullable(live);
    }

    int windowFill() {
        return windowFill;
    }

    /** T of the window the network runs with now. */
    int windowCapacity() {
        return windowCapacity;
    }

    /** Peers whose phase entered the last tick's external term. */
    int peersInLastTick() {
        return peersInTick;
    }

    /** Ticks that failed so far. */
    long failures() {
        return failures.get();
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

    /** The simulation for {@code s}: the same one with new parameters, or a new network if it must be rebuilt. */
    private Simulation adopt(MetricsSettings s) {
        Simulation sim = simulation;
        if (sim.settings() == s) {
            return sim;
        }
        Simulation next = sim.adopt(s, nodeId);
        if (next != sim) {
            LOG.info("Metrics network rebuilt: window {}, tick {} Hz, seed {}", s.window(),
                    MetricsSettings.fmt(s.tickHz()), s.seed() == 0 ? "from peer id" : Long.toString(s.seed()));
            simulation = next;
            windowCapacity = s.window();
        }
        return next;
    }
}
