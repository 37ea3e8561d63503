package org.aegis.model.orchestrator;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the router counted about one provider since it was bound. */
final class ProviderStats {
    private final AtomicInteger outstanding = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong latencyNanos = new AtomicLong();
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong completionTokens = new AtomicLong();
    private volatile String lastError;

    void started() {
        requests.incrementAndGet();
        outstanding.incrementAndGet();
    }

    void succeeded(long nanos, long prompt, long completion) {
        outstanding.decrementAndGet();
        successes.incrementAndGet();
        latencyNanos.addAndGet(nanos);
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

    String lastError() {
        return lastError;
    }
}
