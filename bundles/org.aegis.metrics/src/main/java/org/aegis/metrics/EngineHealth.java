package org.aegis.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthState;

/**
 * What the engine's health is judged on, taken at one moment; {@link #toComponentHealth} is a pure function of it.
 *
 * @param settings       the settings the engine runs with
 * @param rejection      why the last configuration was rejected; null when the running one is the last one given
 * @param tick           the tick's intervals and rate
 * @param tickFailures   ticks that failed so far
 * @param windowFill     samples in the window
 * @param windowCapacity T of the window
 * @param lastPhiNanos   how long the last report took
 * @param phiSkipped     Φ turns skipped so far because the previous one was still running
 * @param historyProblem why storing the history last failed; null when it succeeded
 * @param peers          peers heard within the staleness limit
 * @param drops          messages dropped so far, by reason (reasons that never happened left out)
 */
record EngineHealth(MetricsSettings settings, String rejection, TickStats.Summary tick, long tickFailures,
        int windowFill, int windowCapacity, long lastPhiNanos, long phiSkipped, String historyProblem, int peers,
        Map<DropReason, Long> drops) {
    /** The tick is behind when its rate over the last 10 s is below this share of tickHz. */
    static final double BEHIND_RATIO = 0.9;
    /** The rate is judged only once it was measured over this long. */
    static final double MIN_RATE_SPAN_SECONDS = 2;

    EngineHealth {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tick, "tick");
        // an EnumMap keeps the reasons in declaration order, the order the detail lists them in
        EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        copy.putAll(drops);
        drops = Collections.unmodifiableMap(copy);
    }

    /**
     * UP, or DEGRADED with the problems first. The detail always ends with the tick, window, Φ, peer and drop
     * figures; karaf-assembly/bench/tick.sh parses the tick's part, so its format must stay.
     */
    ComponentHealth toComponentHealth() {
        String detail = String.format(Locale.ROOT,
                "tick %s Hz (interval mean %.1f ms, p99 %.1f ms, max %.1f ms), window %d/%d, Φ every %d ms"
                        + " (last %d ms, %d skipped), %d peers, %s",
                MetricsSettings.fmt(settings.tickHz()), tick.meanMs(), tick.p99Ms(), tick.maxMs(), windowFill,
                windowCapacity, settings.phiIntervalMs(), TimeUnit.NANOSECONDS.toMillis(lastPhiNanos), phiSkipped,
                peers, dropSummary());
        List<String> problems = problems();
        return problems.isEmpty()
                ? new ComponentHealth(MetricsEngineComponent.COMPONENT, HealthState.UP, detail)
                : new ComponentHealth(MetricsEngineComponent.COMPONENT, HealthState.DEGRADED,
                        String.join("; ", problems) + "; " + detail);
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (rejection != null) {
            problems.add("configuration rejected: " + rejection + " (running with the previous configuration)");
        }
        if (tick.ticks() > 0 && tick.spanSeconds() >= MIN_RATE_SPAN_SECONDS
                && tick.rateHz() < BEHIND_RATIO * settings.tickHz()) {
            problems.add(String.format(Locale.ROOT, "tick falls behind: %.1f Hz of %s Hz over the last %.0f s",
                    tick.rateHz(), MetricsSettings.fmt(settings.tickHz()), tick.spanSeconds()));
        }
        if (!settings.windowAllowsReports()) {
            problems.add("window " + settings.window() + " is below 20·n = " + MetricsSettings.REPORT_SAMPLES
                    + " samples, so no report is made (docs/metrics.md §2)");
        }
        if (historyProblem != null) {
            problems.add("history not stored: " + historyProblem);
        }
        if (tickFailures > 0) {
            problems.add(tickFailures + " ticks failed");
        }
        return problems;
    }

    private String dropSummary() {
        long total = drops.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return "0 messages dropped";
        }
        StringBuilder sb = new StringBuilder().append(total).append(" messages dropped (");
        String separator = "";
        for (Map.Entry<DropReason, Long> e : drops.entrySet()) {
            sb.append(separator).append(e.getKey().label()).append(' ').append(e.getValue());
            separator = ", ";
        }
        return sb.append(')').toString();
    }
}
