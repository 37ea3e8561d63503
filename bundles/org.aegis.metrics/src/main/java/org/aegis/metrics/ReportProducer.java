package org.aegis.metrics;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.aegis.api.metrics.ConsciousnessMetrics;
import org.aegis.api.metrics.GlobalState;
import org.aegis.api.metrics.MetricsCalculator;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.metrics.WindowAnalysis;
import org.aegis.metrics.math.ConsciousnessLevel;
import org.aegis.metrics.math.GaussianPhi;
import org.aegis.metrics.math.PhaseWindow;
import org.aegis.metrics.math.PhiResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the node's report (docs/metrics.md §3–§4) from a copy of the window and the tick's {@link LiveMetrics} of that
 * same window: Φ, then C, the network's metrics, the report and its analysis, then the message on the metrics topic
 * and the event on the node's bus. Runs on the Φ thread, one report at a time: a turn that comes while the previous
 * one still runs is skipped, never queued, so the tick never waits for Φ.
 */
final class ReportProducer {
    private static final Logger LOG = LoggerFactory.getLogger(ReportProducer.class);

    private final String nodeId;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final PeerTable peers;
    private final MetricsGossip gossip;
    private final ReportEvents events;
    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile long lastRunNanos;
    private volatile Latest latest;
    /** Runs the reports; null (in tests) runs them on the caller. */
    private volatile Executor runner;

    ReportProducer(String nodeId, Clock clock, LongSupplier nanoTime, PeerTable peers, MetricsGossip gossip,
            ReportEvents events) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.gossip = Objects.requireNonNull(gossip, "gossip");
        this.events = Objects.requireNonNull(events, "events");
    }

    /** Runs the reports on {@code executor} instead of the caller. */
    void runOn(Executor executor) {
        runner = executor;
    }

    /**
     * Starts a report on a copy of the window, timestamped now, unless the previous one is still running. Tick
     * thread.
     *
     * @param copyOfWindow makes the copy, no longer touched by the tick; called only when a report starts, so a
     *                     skipped turn costs no copy
     * @param metrics      R, S, D and the mean phase of that window
     */
    void offer(Supplier<? extends PhaseWindow> copyOfWindow, LiveMetrics metrics, MetricsSettings settings) {
        if (!busy.compareAndSet(false, true)) {
            skipped.incrementAndGet(); // never queue up behind a slow Φ
            return;
        }
        PhaseWindow window;
        try {
            window = copyOfWindow.get();
        } catch (RuntimeException e) {
            busy.set(false);
            throw e;
        }
        Instant time = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Runnable job = () -> {
            try {
                produce(window, metrics, settings, time);
            } finally {
                busy.set(false);
            }
        };
        Executor executor = runner;
        try {
            if (executor == null) {
                job.run();
            } else {
                executor.execute(job);
            }
        } catch (RejectedExecutionException e) {
            busy.set(false);
        }
    }

    Optional<MetricsReport> current() {
        Latest l = latest;
        return l == null ? Optional.empty() : Optional.of(l.report());
    }

    Optional<WindowAnalysis> currentAnalysis() {
        Latest l = latest;
        return l == null ? Optional.empty() : Optional.of(l.analysis());
    }

    /** Reports made so far. */
    long phiRuns() {
        return runs.get();
    }

    /** Turns skipped so far because the previous report was still running. */
    long phiSkipped() {
        return skipped.get();
    }

    /** How long the last report took, Φ included. */
    long lastPhiNanos() {
        return lastRunNanos;
    }

    private void produce(PhaseWindow window, LiveMetrics m, MetricsSettings s, Instant time) {
        long started = nanoTime.getAsLong();
        try {
            PhiResult phi = new GaussianPhi(s.lag()).compute(window);
            double level = ConsciousnessLevel.of(phi.phi(), m.coherence(), m.stability(), m.divergence(),
                    s.weights());
            ConsciousnessMetrics metrics = new ConsciousnessMetrics(phi.phi(), m.coherence(), m.stability(),
                    m.divergence(), level);
            long now = clock.millis();
            long staleness = s.staleness().toMillis();
            peers.prune(now, staleness);
            GlobalState global = NetworkState.of(m.meanPhase(), level, peers.fresh(now, staleness));
            MetricsReport report = new MetricsReport(time, nodeId, m.meanPhase(), metrics, global);
            int n = window.oscillators();
            WindowAnalysis analysis = new WindowAnalysis(metrics, phi.mib(),
                    window.samples() >= MetricsSettings.REPORT_SAMPLES, n <= MetricsCalculator.MAX_OSCILLATORS, n,
                    window.samples());
            latest = new Latest(report, analysis);
            runs.incrementAndGet();
            gossip.publish(report, s.topic());
            events.announce(report);
        } catch (RuntimeException e) {
            // one line per 100 failures: a report that fails keeps failing at every turn
            if (failures.getAndIncrement() % 100 == 0) {
                LOG.error("Metrics report failed ({} failures so far)", failures.get(), e);
            }
        } finally {
            lastRunNanos = nanoTime.getAsLong() - started;
        }
    }

    /** The report and its analysis, replaced together so readers never see one without the other. */
    private record Latest(MetricsReport report, WindowAnalysis analysis) {
    }
}
