package org.aegis.metrics;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.aegis.metrics.math.MetricWeights;

/**
 * The validated form of {@link MetricsConfig}.
 *
 * @param tickHz            steps per second, (0, 1000]
 * @param omega0            ω0 (rad/s), finite
 * @param spread            δ (rad/s), ≥ 0
 * @param coupling          K, ≥ 0
 * @param externalCoupling  K_ext, ≥ 0
 * @param noise             σ, ≥ 0
 * @param window            T, [54, 100000]
 * @param lag               τ, [1, T/2)
 * @param staleness         how long a peer's report counts
 * @param phiIntervalMs     how often Φ and the report are made
 * @param weights           the weights of C
 * @param seed              the RNG's seed; 0 means "derive from the peer id"
 * @param historyRetention  how long reports stay in the store
 * @param historyIntervalMs how often the latest report is stored
 * @param topic             the pubsub topic
 */
record MetricsSettings(double tickHz, double omega0, double spread, double coupling, double externalCoupling,
        double noise, int window, int lag, Duration staleness, long phiIntervalMs, MetricWeights weights, long seed,
        Duration historyRetention, long historyIntervalMs, String topic) {

    static final String PID = MetricsConfig.PID;
    /** Oscillators of the Metatron network. */
    static final int OSCILLATORS = MetatronNetwork.SIZE;
    static final double MAX_TICK_HZ = 1000;
    /** 4·n + 2 (docs/metrics.md §2). */
    static final int MIN_WINDOW = 4 * OSCILLATORS + 2;
    static final int MAX_WINDOW = 100_000;
    /** Below 20·n samples Φ is dominated by bias: no report until the window holds this many (docs/metrics.md §2). */
    static final int REPORT_SAMPLES = 20 * OSCILLATORS;
    static final double MAX_STALENESS_SECONDS = 3600;
    static final long MIN_PHI_INTERVAL_MS = 50;
    static final long MAX_PHI_INTERVAL_MS = 3_600_000;
    static final long MIN_HISTORY_INTERVAL_MS = 100;
    static final long MAX_HISTORY_INTERVAL_MS = 86_400_000;
    static final Duration MIN_RETENTION = Duration.ofSeconds(1);
    static final Duration MAX_RETENTION = Duration.ofDays(3650);
    static final int MAX_TOPIC_LENGTH = 256;

    /** The defaults of {@link MetricsConfig}. */
    static MetricsSettings defaults() {
        return new MetricsSettings(20, 2 * Math.PI, 0.5, 2.0, 0.5, 0.3, 1200, 1, Duration.ofSeconds(3), 1000,
                MetricWeights.DEFAULT, 0, Duration.ofDays(1), 1000, "aegis/metrics/1");
    }

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException naming the offending property, its value and the allowed range
     */
    static MetricsSettings from(MetricsConfig c) {
        double tickHz = c.tickHz();
        if (!(tickHz > 0 && tickHz <= MAX_TICK_HZ)) {
            throw invalid("tickHz " + tickHz + " is out of range; allowed is greater than 0 and at most "
                    + (int) MAX_TICK_HZ);
        }
        double omega0 = finite("omega0", c.omega0());
        double spread = nonNegative("spread", c.spread());
        double coupling = nonNegative("coupling", c.coupling());
        double externalCoupling = nonNegative("externalCoupling", c.externalCoupling());
        double noise = nonNegative("noise", c.noise());
        int window = c.window();
        if (window < MIN_WINDOW || window > MAX_WINDOW) {
            throw invalid("window " + window + " is out of range; allowed are " + MIN_WINDOW + " (4·n+2, n = "
                    + OSCILLATORS + ") to " + MAX_WINDOW + " samples");
        }
        int lag = c.lag();
        if (lag < 1 || 2L * lag >= window) {
            throw invalid("lag " + lag + " is out of range; allowed is at least 1 and below window/2 = "
                    + fmt(window / 2.0) + " (window " + window + ")");
        }
        double stalenessSeconds = c.stalenessSeconds();
        if (!(stalenessSeconds > 0 && stalenessSeconds <= MAX_STALENESS_SECONDS)) {
            throw invalid("stalenessSeconds " + stalenessSeconds + " is out of range; allowed is greater than 0"
                    + " and at most " + (int) MAX_STALENESS_SECONDS);
        }
        Duration staleness = Duration.ofNanos(Math.round(stalenessSeconds * 1e9));
        long phiIntervalMs = range("phiIntervalMs", c.phiIntervalMs(), MIN_PHI_INTERVAL_MS, MAX_PHI_INTERVAL_MS);
        MetricWeights weights = weights(c);
        Duration retention = retention(c.historyRetention());
        long historyIntervalMs = range("historyIntervalMs", c.historyIntervalMs(), MIN_HISTORY_INTERVAL_MS,
                MAX_HISTORY_INTERVAL_MS);
        String topic = topic(c.topic());
        return new MetricsSettings(tickHz, omega0, spread, coupling, externalCoupling, noise, window, lag, staleness,
                phiIntervalMs, weights, c.seed(), retention, historyIntervalMs, topic);
    }

    /** dt = 1/tickHz, in seconds. */
    double dt() {
        return 1.0 / tickHz;
    }

    /** The tick's period, rounded to the nanosecond. */
    long tickPeriodNanos() {
        return Math.max(1, Math.round(1e9 / tickHz));
    }

    /** Ticks between two Φ computations: phiIntervalMs at tickHz, at least 1. */
    long ticksPerPhi() {
        return Math.max(1, Math.round(phiIntervalMs * tickHz / 1000.0));
    }

    OscillatorNetwork.Parameters dynamics() {
        return new OscillatorNetwork.Parameters(omega0, spread, coupling, externalCoupling, noise);
    }

    /** Whether going from this to {@code next} needs a new network and window (T, seed or dt differ). */
    boolean rebuildsNetwork(MetricsSettings next) {
        return window != next.window || seed != next.seed || Double.compare(tickHz, next.tickHz) != 0;
    }

    /** Whether the window can ever hold the 20·n samples a report needs. */
    boolean windowAllowsReports() {
        return window >= REPORT_SAMPLES;
    }

    private static MetricWeights weights(MetricsConfig c) {
        String[] names = {"weightPhi", "weightCoherence", "weightStability", "weightDivergence"};
        double[] values = {c.weightPhi(), c.weightCoherence(), c.weightStability(), c.weightDivergence()};
        for (int i = 0; i < names.length; i++) {
            nonNegative(names[i], values[i]);
        }
        try {
            return new MetricWeights(values[0], values[1], values[2], values[3]);
        } catch (IllegalArgumentException e) {
            double sum = values[0] + values[1] + values[2] + values[3];
            throw invalid("weightPhi + weightCoherence + weightStability + weightDivergence must sum to 1; they are "
                    + fmt(values[0]) + " + " + fmt(values[1]) + " + " + fmt(values[2]) + " + " + fmt(values[3])
                    + " = " + fmt(Math.round(sum * 1e9) / 1e9));
        }
    }

    private static Duration retention(String value) {
        if (value == null || value.isBlank()) {
            throw invalid("historyRetention must not be empty; expected an ISO-8601 duration such as P1D or PT12H");
        }
        Duration parsed;
        try {
            parsed = Duration.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw invalid("historyRetention '" + printable(value) + "' is not an ISO-8601 duration; expected e.g."
                    + " P1D, PT12H or PT30M (years and months are not supported, use days)");
        }
        if (parsed.compareTo(MIN_RETENTION) < 0 || parsed.compareTo(MAX_RETENTION) > 0) {
            throw invalid("historyRetention " + parsed + " is out of range; allowed are " + MIN_RETENTION + " to "
                    + MAX_RETENTION.toDays() + " days (P" + MAX_RETENTION.toDays() + "D)");
        }
        return parsed;
    }

    private static String topic(String value) {
        if (value == null || value.isBlank()) {
            throw invalid("topic must not be empty");
        }
        if (value.length() > MAX_TOPIC_LENGTH) {
            throw invalid("topic is " + value.length() + " characters long; at most " + MAX_TOPIC_LENGTH
                    + " are allowed");
        }
        if (value.codePoints().anyMatch(cp -> Character.isWhitespace(cp) || Character.isISOControl(cp))) {
            throw invalid("topic '" + printable(value) + "' must not contain whitespace or control characters");
        }
        return value;
    }

    private static double finite(String property, double value) {
        if (!Double.isFinite(value)) {
            throw invalid(property + " " + value + " is not a finite number");
        }
        return value;
    }

    private static double nonNegative(String property, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw invalid(property + " " + value + " is out of range; allowed is a finite number of at least 0");
        }
        return value;
    }

    private static long range(String property, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(property + " " + value + " is out of range; allowed are " + min + " to " + max);
        }
        return value;
    }

    private static IllegalArgumentException invalid(String what) {
        return new IllegalArgumentException("Invalid configuration " + PID + ": " + what);
    }

    /** A number as it would be configured: {@code 20}, not {@code 20.0}; fractions as {@link Double#toString}. */
    static String fmt(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }

    /** The value with control characters replaced, cut to a length that fits in a log line. */
    private static String printable(String value) {
        StringBuilder sb = new StringBuilder();
        value.codePoints().limit(64).forEach(cp -> sb.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        if (value.codePointCount(0, value.length()) > 64) {
            sb.append("...");
        }
        return sb.toString();
    }
}
