package org.aegis.model.orchestrator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;

/**
 * Models whose last provider went away a moment ago (its bundle is being updated or restarted), and the requests
 * waiting for a successor. Until the configured wait after the departure is over, a request for such a model that
 * found no provider waits, holding no thread, for the next provider to bind and is then routed again; while a
 * successor is bound but still failing (loading, say) it is tried again every {@value #RETRY_MILLIS} ms. The first
 * answer for the model ends its wait.
 */
final class Successors {
    static final long RETRY_MILLIS = 200;

    private final RouterThreads threads;
    private final LongSupplier nanoTime;
    /** Wait key to its departure; written under this, read without it on every answer. */
    private final Map<String, Departure> departures = new ConcurrentHashMap<>();
    /** Guarded by this. */
    private final Set<CompletableFuture<Boolean>> waiting = new HashSet<>();
    /** Providers bound so far: a request that saw fewer than there are now may find one. Guarded by this. */
    private long bindings;
    private boolean stopped;

    Successors(RouterThreads threads, LongSupplier nanoTime) {
        this.threads = threads;
        this.nanoTime = nanoTime;
    }

    synchronized long bindings() {
        return bindings;
    }

    /**
     * A provider leaves: {@code withdrawal} takes it out of the registry and names the keys it leaves without a
     * provider, whose requests may then wait this long from now. Both happen under this lock, which {@link #await}
     * takes too: a request that found a key gone finds its wait recorded.
     */
    synchronized void departed(Supplier<Collection<String>> withdrawal, Duration wait) {
        Collection<String> keys = withdrawal.get();
        long now = nanoTime.getAsLong();
        departures.values().removeIf(departure -> departure.endNanos() - now <= 0);
        if (stopped || wait.isZero()) {
            return;
        }
        for (String key : keys) {
            departures.put(key, new Departure(now + wait.toNanos(), bindings));
        }
    }

    /** A provider bound: every waiting request is routed again. */
    void bound() {
        List<CompletableFuture<Boolean>> ready;
        synchronized (this) {
            bindings++;
            ready = new ArrayList<>(waiting);
            waiting.clear();
        }
        ready.forEach(wait -> wait.complete(true));
    }

    /**
     * A request for the key, routed when {@link #bindings()} was {@code bindingsBefore}, was answered. Routed after a
     * provider bound since the departure, it was answered by the successor: the successor is there, later failures
     * are its own. One routed before (the departed provider's last answer, arriving late) ends nothing.
     */
    void served(String key, long bindingsBefore) {
        if (!departures.isEmpty()) {
            departures.computeIfPresent(key,
                    (ignored, departure) -> bindingsBefore > departure.bindings() ? null : departure);
        }
    }

    /**
     * When a request for {@code key} that found no working provider should be routed again.
     *
     * @param bindingsBefore {@link #bindings()} when the request was routed
     * @param served         whether a provider of the key is bound now
     * @return completes {@code true} when it is worth routing it again, {@code false} at once when the key has no
     *         wait (never served, or the wait is over) and when its wait ends; fails with a {@link ModelException}
     *         when the router stops
     */
    CompletableFuture<Boolean> await(String key, long bindingsBefore, Predicate<String> served) {
        CompletableFuture<Boolean> wait = new CompletableFuture<>();
        long delayMillis;
        boolean retry;
        synchronized (this) {
            if (stopped) {
                return CompletableFuture.failedFuture(stoppedError());
            }
            Departure departure = departures.get(key);
            long remaining = departure == null ? 0 : departure.endNanos() - nanoTime.getAsLong();
            if (remaining <= 0) {
                return CompletableFuture.completedFuture(false);
            }
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(remaining) + 1;
            if (bindings != bindingsBefore) {
                // a provider bound meanwhile: at once, but from the timer, so that a request whose providers keep
                // coming and going does not go one call deeper into its own stack for each of them
                retry = true;
                delayMillis = 0;
            } else {
                // a bound successor that fails is not waited for at all: it is asked again after a pause
                retry = served.test(key) && RETRY_MILLIS < remainingMillis;
                delayMillis = retry ? RETRY_MILLIS : remainingMillis;
                waiting.add(wait);
            }
        }
        try {
            ScheduledFuture<?> timer = threads.after(delayMillis, () -> wait.complete(retry));
            wait.whenComplete((again, error) -> timer.cancel(false));
        } catch (RejectedExecutionException e) {
            wait.completeExceptionally(stoppedError());
        }
        wait.whenComplete((again, error) -> {
            synchronized (this) {
                waiting.remove(wait);
            }
        });
        return wait;
    }

    /** Fails every waiting request; no request waits from now on. */
    void stop() {
        List<CompletableFuture<Boolean>> failed;
        synchronized (this) {
            stopped = true;
            departures.clear();
            failed = new ArrayList<>(waiting);
            waiting.clear();
        }
        failed.forEach(wait -> wait.completeExceptionally(stoppedError()));
    }

    private static ModelException stoppedError() {
        return new ModelException(Reason.UNAVAILABLE, "the model router stopped while the request waited for a"
                + " provider of its model");
    }

    /** When a key's wait ends, and how many providers had bound when its last provider left. */
    private record Departure(long endNanos, long bindings) {
    }
}
