package org.aegis.model.orchestrator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The validated form of {@link OrchestratorConfig}.
 *
 * @param defaultModel      the model of requests for "default"; empty: the first local provider's first chat model
 * @param fallback          each model's next model when all its providers fail; acyclic
 * @param defaults          limits of models without an entry of their own
 * @param perModel          limits by model id
 * @param deadline          how long a whole request may take, fail-overs included
 * @param streamIdleTimeout longest silence between two fragments of a stream
 * @param breaker           the circuit breakers' thresholds
 * @param modelRefresh      how often the providers' model lists are read again
 * @param providerWait      how long after a model's last provider left its requests wait for another; zero: not
 */
record RouterSettings(String defaultModel, Map<String, String> fallback, ModelLimits defaults,
        Map<String, ModelLimits> perModel, Duration deadline, Duration streamIdleTimeout, BreakerSettings breaker,
        Duration modelRefresh, Duration providerWait) {

    static final String PID = OrchestratorConfig.PID;
    static final long MIN_REFRESH_MS = 1000;
    private static final String ARROW = "->";
    private static final List<String> LIMIT_KEYS = List.of("maxConcurrent", "maxTokens", "timeoutMs");

    RouterSettings {
        fallback = Map.copyOf(fallback);
        perModel = Map.copyOf(perModel);
    }

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException naming the offending property, its value and what is allowed
     */
    static RouterSettings from(OrchestratorConfig c) {
        ModelLimits defaults = new ModelLimits(atLeast("maxConcurrent", c.maxConcurrent(), 1),
                atLeast("maxTokens", c.maxTokens(), 1), millis("timeoutMs", c.timeoutMs(), 1));
        BreakerSettings breaker = new BreakerSettings(
                atLeast("breakerConsecutiveFailures", c.breakerConsecutiveFailures(), 1), rate(c.breakerFailureRate()),
                atLeast("breakerWindow", c.breakerWindow(), 1), millis("breakerCooldownMs", c.breakerCooldownMs(), 1));
        String defaultModel = c.defaultModel() == null ? "" : c.defaultModel().strip();
        return new RouterSettings(defaultModel, fallback(c.fallback()), defaults, modelLimits(c.modelLimits(), defaults),
                millis("deadlineMs", c.deadlineMs(), 1), millis("streamIdleTimeoutMs", c.streamIdleTimeoutMs(), 1),
                breaker, millis("modelRefreshMs", c.modelRefreshMs(), MIN_REFRESH_MS),
                millis("providerWaitMs", c.providerWaitMs(), 0));
    }

    ModelLimits limits(String model) {
        return perModel.getOrDefault(model, defaults);
    }

    /** The model and the models its requests fall back to, in order. */
    List<String> chain(String model) {
        List<String> chain = new ArrayList<>();
        for (String m = model; m != null; m = fallback.get(m)) {
            chain.add(m);
        }
        return chain;
    }

    private static Map<String, String> fallback(String[] entries) {
        Map<String, String> next = new LinkedHashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            String[] models = entry.split(ARROW, -1);
            if (models.length < 2) {
                throw invalid("fallback entry '" + entry + "' has no '" + ARROW + "'; write e.g."
                        + " 'gpt-4o-mini -> aegis-local-char'");
            }
            for (int i = 0; i + 1 < models.length; i++) {
                String from = models[i].strip();
                String to = models[i + 1].strip();
                if (from.isEmpty() || to.isEmpty()) {
                    throw invalid("fallback entry '" + entry + "' has an empty model name");
                }
                String previous = next.putIfAbsent(from, to);
                if (previous != null && !previous.equals(to)) {
                    throw invalid("fallback gives model '" + from + "' two next models, '" + previous + "' and '" + to
                            + "'; a model has one");
                }
            }
        }
        for (String start : next.keySet()) {
            Set<String> seen = new LinkedHashSet<>();
            for (String m = start; m != null; m = next.get(m)) {
                if (!seen.add(m)) {
                    throw invalid("fallback has a cycle: " + String.join(" " + ARROW + " ", seen) + " " + ARROW + " "
                            + m);
                }
            }
        }
        return next;
    }

    private static Map<String, ModelLimits> modelLimits(String[] entries, ModelLimits defaults) {
        Map<String, ModelLimits> limits = new LinkedHashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int colon = entry.lastIndexOf(':');
            String model = colon < 0 ? "" : entry.substring(0, colon).strip();
            if (model.isEmpty() || entry.substring(colon + 1).isBlank()) {
                throw invalid("modelLimits entry '" + entry + "' must be 'model: key=value, ...' with keys "
                        + LIMIT_KEYS);
            }
            int maxConcurrent = defaults.maxConcurrent();
            int maxTokens = defaults.maxTokens();
            Duration timeout = defaults.timeout();
            for (String pair : entry.substring(colon + 1).split(",")) {
                String[] kv = pair.split("=", 2);
                String key = kv[0].strip();
                if (kv.length != 2 || !LIMIT_KEYS.contains(key)) {
                    throw invalid("modelLimits entry '" + entry + "': '" + pair.strip() + "' is not one of "
                            + LIMIT_KEYS + " = number");
                }
                long value = number(entry, key, kv[1].strip());
                String property = "modelLimits " + model + " " + key;
                switch (key) {
                    case "maxConcurrent" -> maxConcurrent = atLeast(property, toInt(property, value), 1);
                    case "maxTokens" -> maxTokens = atLeast(property, toInt(property, value), 1);
                    default -> timeout = millis(property, value, 1);
                }
            }
            if (limits.put(model, new ModelLimits(maxConcurrent, maxTokens, timeout)) != null) {
                throw invalid("modelLimits has two entries for model '" + model + "'");
            }
        }
        return limits;
    }

    private static long number(String entry, String key, String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid("modelLimits entry '" + entry + "': " + key + " '" + text + "' is not a whole number");
        }
    }

    private static int toInt(String property, long value) {
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw invalid(property + " " + value + " is out of range");
        }
        return (int) value;
    }

    private static int atLeast(String property, int value, int min) {
        if (value < min) {
            throw invalid(property + " " + value + " is out of range; allowed is at least " + min);
        }
        return value;
    }

    private static Duration millis(String property, long value, long min) {
        if (value < min) {
            throw invalid(property + " " + value + " is out of range; allowed is at least " + min + " ms");
        }
        return Duration.ofMillis(value);
    }

    private static double rate(double value) {
        if (!(value > 0 && value <= 1)) {
            throw invalid("breakerFailureRate " + value + " is out of range; allowed is greater than 0 and at most 1");
        }
        return value;
    }

    private static IllegalArgumentException invalid(String what) {
        return new IllegalArgumentException("Invalid configuration " + PID + ": " + what);
    }
}
