package org.aegis.model.openai;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;

/**
 * Which calls may run: at most maxConcurrentRequests counted ones at once, none after {@link #close}. It tracks the
 * calls in flight so that {@code close} can end them. Holds no reference to the HTTP client: a subscriber that keeps
 * an ended stream does not keep the client alive.
 */
final class Admission {
    /** A call in flight. */
    interface Call {
        /** Ends the call with this failure, unless it has ended already. */
        void fail(ModelException cause);
    }

    private final String providerId;
    private final int maxConcurrentRequests;
    private final Failures failures;
    private final Semaphore permits;
    /** Calls in flight, each with whether it holds a permit. */
    private final Map<Call, Boolean> inFlight = new ConcurrentHashMap<>();
    private boolean closed;

    Admission(String providerId, int maxConcurrentRequests, Failures failures) {
        this.providerId = providerId;
        this.maxConcurrentRequests = maxConcurrentRequests;
        this.failures = failures;
        this.permits = new Semaphore(maxConcurrentRequests);
    }

    /**
     * Admits the call, taking a permit when it is counted; otherwise fails it with LIMIT_EXCEEDED, or UNAVAILABLE
     * after {@link #close}, and returns false.
     */
    boolean admit(Call call, boolean counted) {
        ModelException refused = null;
        synchronized (this) {
            if (closed) {
                refused = failures.stopped();
            } else if (counted && !permits.tryAcquire()) {
                refused = new ModelException(Reason.LIMIT_EXCEEDED, providerId + ": " + maxConcurrentRequests
                        + " requests are in flight (maxConcurrentRequests)");
            } else {
                inFlight.put(call, counted);
            }
        }
        if (refused != null) {
            call.fail(refused);
            return false;
        }
        return true;
    }

    /** The call has ended: its permit is free. Once per admitted call; harmless for others. */
    void finished(Call call) {
        if (Boolean.TRUE.equals(inFlight.remove(call))) {
            permits.release();
        }
    }

    /** Refuses new calls and ends those in flight with UNAVAILABLE. */
    void close() {
        List<Call> open;
        synchronized (this) {
            closed = true;
            open = List.copyOf(inFlight.keySet());
        }
        ModelException stopped = failures.stopped();
        open.forEach(call -> call.fail(stopped));
    }

    int inFlight() {
        return inFlight.size();
    }
}
