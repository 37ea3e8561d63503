package org.aegis.model.orchestrator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.aegis.api.telemetry.LatencyHistogram;

/** What the router counted about one provider since it was bound. */
final class ProviderStats {
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong latencyNanos = new AtomicLong();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong completionTokens = new AtomicLong();
    /**
     * Answer times by model, made at a model's first answer: the models a provider serves are few, and they leave
     * with the provider's slot.
     */
    private final Map<String, LatencyHistogram> latencyByModel = new ConcurrentHashMap<>();
    private volatile String lastError;

    void started() {
        requests.incrementAndGet();
        outstanding.incrementAndGet();
    }

    void succeeded(String model, long nanos, long prompt, long completion) {
        outstanding.decrementAndGet();
        successes.incrementAndGet();
        latencyNanos.addAndGet(nanos);
        latencyByModel.computeIfAbsent(model, m -> new LatencyHistogram()).recordNanos(nanos);
        promptTokens.addAndGet(prompt);
        completionTokens.addAndGet(completion);
    }

    void failed(String error) {
        outstanding.decrementAndGet();
        errors.incrementAndGet();
        lastError = error;
    }

    /** Ended without an outcome: cancelled by the client, or refused as the client's fault. */
    void abandoned() {
        outstanding.decrementAndGet();
    }

    /** A problem outside a request, e.g. its model list could not be read. */
    void problem(String error) {
        lastError = error;
    }

    int outstanding() {
        return outstanding.get();
    }

    long requests() {
        return requests.get();
    }

    long errors() {
        return errors.get();
    }

    double meanLatencyMillis() {
        long n = successes.get();
        return n == 0 ? 0 : latencyNanos.get() / 1e6 / n;
    }

    long promptTokens() {
        return promptTokens.get();
    }

    long completionTokens() {
        return completionTokens.get();
    }

    /** The answer times of each model this provider answered for. */
    Map<String, LatencyHistogram> latencyByModel() {
        return latencyByModel;
    }

    String lastError() {
        return lastError;
    }
}
