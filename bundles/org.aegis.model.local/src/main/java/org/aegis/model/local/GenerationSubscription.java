package org.aegis.model.local;

import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.aegis.api.model.ModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed reply: generates a fragment for each unit of demand, on the request executor, and never more than was
 * requested. A drain task runs while there is demand and ends when it is met; the next {@link #request} starts
 * another, so a slow subscriber holds no thread. Signals are serial (one drain at a time, by the work-in-progress
 * counter), and the request's permit is released when the stream completes, fails or is cancelled.
 */
final class GenerationSubscription implements Flow.Subscription, RequestExecutor.Task {
    private static final Logger LOG = LoggerFactory.getLogger(GenerationSubscription.class);

    private final Flow.Subscriber<? super String> subscriber;
    private final Generation generation;
    private final RequestExecutor executor;
    private final RequestExecutor.Permit permit;
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger work = new AtomicInteger();
    /** Set once the stream has ended for any reason; no signal follows. */
    private volatile boolean terminated;
    /** A non-positive request (rule 3.9), to be signalled by the drain. */
    private volatile IllegalArgumentException badDemand;

    GenerationSubscription(Flow.Subscriber<? super String> subscriber, Generation generation,
            RequestExecutor executor, RequestExecutor.Permit permit) {
        this.subscriber = subscriber;
        this.generation = generation;
        this.executor = executor;
        this.permit = permit;
    }

    /** Refuses a subscriber whose request was not admitted: onSubscribe, then onError at once (rule 1.9). */
    static void reject(Flow.Subscriber<? super String> subscriber, ModelException error) {
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                // the stream has already failed
            }

            @Override
            public void cancel() {
                // the stream has already failed
            }
        });
        subscriber.onError(error);
    }

    void start() {
        subscriber.onSubscribe(this);
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            badDemand = new IllegalArgumentException("request(" + n + "): demand must be positive (rule 3.9)");
        } else {
            requested.getAndAccumulate(n, (current, add) -> current + add < 0 ? Long.MAX_VALUE : current + add);
        }
        schedule();
    }

    @Override
    public void cancel() {
        terminated = true;
        permit.release();
    }

    private void schedule() {
        if (work.getAndIncrement() == 0) {
            try {
                executor.execute(this);
            } catch (ModelException e) {
                abort(e);
            }
        }
    }

    /** Only while no drain runs: this task never started, or scheduling it failed. */
    @Override
    public void abort(ModelException reason) {
        if (!terminated) {
            terminated = true;
            permit.release();
            subscriber.onError(reason);
        }
    }

    /** The drain: emits while there is demand, then leaves unless more arrived meanwhile. */
    @Override
    public void run() {
        int missed = 1;
        do {
            if (terminated) {
                return;
            }
            if (badDemand != null) {
                fail(badDemand);
                return;
            }
            long demand = requested.get();
            long emitted = 0;
            while (emitted < demand) {
                String fragment;
                try {
                    fragment = generation.next();
                } catch (RuntimeException e) {
                    fail(e);
                    return;
                }
                if (fragment == null || !emit(fragment)) {
                    break;
                }
                emitted++;
                if (generation.finished() || terminated) {
                    break;
                }
            }
            if (terminated) {
                return;
            }
            if (generation.finished()) {
                terminated = true;
                permit.release();
                subscriber.onComplete();
                return;
            }
            requested.addAndGet(-emitted);
            missed = work.addAndGet(-missed);
        } while (missed != 0);
    }

    /** Hands one fragment over; a subscriber that throws is treated as having cancelled (rule 2.13). */
    private boolean emit(String fragment) {
        try {
            subscriber.onNext(fragment);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("A subscriber of a local model stream threw from onNext; the stream is cancelled", e);
            cancel();
            return false;
        }
    }

    private void fail(Throwable error) {
        terminated = true;
        permit.release();
        subscriber.onError(error);
    }
}
