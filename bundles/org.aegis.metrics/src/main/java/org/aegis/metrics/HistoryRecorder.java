package org.aegis.metrics;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.aegis.api.metrics.MetricsReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the node's reports in its {@link MetricsHistory}: at every {@link #record} the latest report if it is new,
 * and once every {@link #PRUNE_INTERVAL} the removal of those older than the retention. Runs on the Φ thread; a
 * failing store is remembered as a {@link #problem}, never thrown.
 */
final class HistoryRecorder {
    static final Duration PRUNE_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(HistoryRecorder.class);

    private final MetricsHistory history;
    private final Supplier<Optional<MetricsReport>> latest;
    private final Clock clock;
    private final Supplier<MetricsSettings> settings;
    private volatile MetricsReport lastStored;
    /** Starts long enough ago for the first record to prune. */
    private volatile long lastPruneMillis = Long.MIN_VALUE / 4;
    private volatile String problem;

    /**
     * @param latest   the latest report, if any
     * @param settings the engine's current settings, for the retention
     */
    HistoryRecorder(MetricsHistory history, Supplier<Optional<MetricsReport>> latest, Clock clock,
            Supplier<MetricsSettings> settings) {
        this.history = Objects.requireNonNull(history, "history");
        this.latest = Objects.requireNonNull(latest, "latest");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Stores the latest report if it is new, and prunes old ones once a minute. */
    void record() {
        try {
            Optional<MetricsReport> report = latest.get();
            if (report.isPresent() && report.get() != lastStored) {
                history.append(report.get());
                lastStored = report.get();
            }
            long now = clock.millis();
            if (now - lastPruneMillis >= PRUNE_INTERVAL.toMillis()) {
                lastPruneMillis = now;
                prune();
            }
            problem = null;
        } catch (RuntimeException e) {
            if (problem == null) {
                LOG.error("Storing the metrics history failed", e);
            }
            problem = String.valueOf(e.getMessage());
        }
    }

    /** Removes the reports older than the retention; returns how many. */
    int prune() {
        int removed = history.prune(clock.instant().minus(settings.get().historyRetention()));
        if (removed > 0) {
            LOG.debug("Pruned {} metrics history entries", removed);
        }
        return removed;
    }

    /** Why the last record failed; null when it succeeded. */
    String problem() {
        return problem;
    }
}
