package org.aegis.model.orchestrator;

import java.time.Clock;
import java.time.Instant;
import org.aegis.api.router.ProviderStatus.Circuit;

/**
 * One provider's circuit breaker. It opens after {@code consecutiveFailures} failures in a row or when the failure
 * rate over a full window reaches {@code failureRate}; after the cool-down it is half-open and lets exactly one trial
 * request through, whose outcome closes or re-opens it. Time comes from the clock, so tests move it by hand.
 */
final class CircuitBreaker {
    private final Clock clock;
    private BreakerSettings settings;
    private Circuit state = Circuit.CLOSED;
    private Instant openedAt = Instant.MIN;
    private boolean trialInFlight;
    private int consecutiveFailures;
    /** The last outcomes, true for a failure; a ring of {@code settings.window()} slots. */
    private boolean[] outcomes;
    private int next;
    private int count;
    private int failuresInWindow;

    CircuitBreaker(Clock clock, BreakerSettings settings) {
        this.clock = clock;
        this.settings = settings;
        this.outcomes = new boolean[settings.window()];
    }

    synchronized void update(BreakerSettings changed) {
        if (!changed.equals(settings)) {
            settings = changed;
            outcomes = new boolean[changed.window()];
            clearWindow();
        }
    }

    synchronized Circuit state() {
        refresh();
        return state;
    }

    /** Whether a request may go to the provider now; in half-open state only the one trial may. */
    synchronized boolean tryAcquire() {
        refresh();
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (trialInFlight) {
                    yield false;
                }
                trialInFlight = true;
                yield true;
            }
        };
    }

    synchronized void onSuccess() {
        refresh();
        if (state == Circuit.HALF_OPEN) {
            close();
            return;
        }
        consecutiveFailures = 0;
        record(false);
    }

    synchronized void onFailure() {
        refresh();
        switch (state) {
            case HALF_OPEN -> open();
            case OPEN -> {
                // a request started before the circuit opened: it is open already
            }
            case CLOSED -> {
                consecutiveFailures++;
                record(true);
                if (consecutiveFailures >= settings.consecutiveFailures() || (count == outcomes.length
                        && failuresInWindow >= settings.failureRate() * outcomes.length)) {
                    open();
                }
            }
        }
    }

    /** A request that ended without telling anything about the provider (cancelled, or the client's fault). */
    synchronized void onNeutral() {
        trialInFlight = false;
    }

    private void refresh() {
        if (state == Circuit.OPEN && !clock.instant().isBefore(openedAt.plus(settings.cooldown()))) {
            state = Circuit.HALF_OPEN;
            trialInFlight = false;
        }
    }

    private void open() {
        state = Circuit.OPEN;
        openedAt = clock.instant();
        trialInFlight = false;
    }

    private void close() {
        state = Circuit.CLOSED;
        trialInFlight = false;
        consecutiveFailures = 0;
        clearWindow();
    }

    private void clearWindow() {
        next = 0;
        count = 0;
        failuresInWindow = 0;
    }

    private void record(boolean failure) {
        if (count == outcomes.length && outcomes[next]) {
            failuresInWindow--;
        }
        outcomes[next] = failure;
        if (failure) {
            failuresInWindow++;
        }
        next = (next + 1) % outcomes.length;
        count = Math.min(count + 1, outcomes.length);
    }
}
