package org.aegis.model.orchestrator;

import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription to a routed chat stream. It forwards the subscriber's demand to the provider's stream, fails over
 * along its {@link RoutePath} while no fragment has been emitted, and ends the stream with a {@link ModelException}
 * when the deadline passes, the provider stays silent too long or it breaks after the first fragment.
 *
 * <p>Every signal (the subscriber's requests and cancel, the provider's fragments and end, timers) becomes an event
 * in one queue that a single thread at a time drains, so the state below needs no locks and the subscriber is
 * never called concurrently. Calls into the provider (subscribe, request, cancel) run on the router's caller
 * threads: a provider that blocks in them holds one of those, never the draining thread.
 */
final class RoutedStream implements Flow.Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(RoutedStream.class);

    private final Router router;
    private final ChatRequest request;
    private final RoutePath path;
    private final Flow.Subscriber<? super String> downstream;
    private final ConcurrentLinkedQueue<Runnable> events = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final long deadlineNanos;

    // Only touched while draining.
    private long demand;
    private long emitted;
    private boolean done;
    private Attempt current;
    private ScheduledFuture<?> deadline;

    RoutedStream(Router router, ChatRequest request, RoutePath path, Flow.Subscriber<? super String> downstream) {
        this.router = router;
        this.request = request;
        this.path = path;
        this.downstream = downstream;
        this.deadlineNanos = router.nanoTime() + router.settings().deadline().toNanos();
    }

    /** Signals a refusal to a subscriber, as the Flow rules want: onSubscribe first, then onError. */
    static void refuse(Flow.Subscriber<? super String> subscriber, ModelException error) {
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                // nothing will come
            }

            @Override
            public void cancel() {
                // nothing to stop
            }
        });
        subscriber.onError(error);
    }

    void start() {
        long deadlineMillis = router.settings().deadline().toMillis();
        enqueue(() -> {
            deadline = router.threads().after(deadlineMillis, () -> enqueue(() -> deadlineReached(deadlineMillis)));
            try {
                downstream.onSubscribe(this);
            } catch (RuntimeException e) {
                LOG.warn("A chat stream's subscriber failed in onSubscribe; the stream is cancelled", e);
                end();
                return;
            }
            next();
        });
    }

    @Override
    public void request(long n) {
        enqueue(() -> {
            if (done) {
                return;
            }
            if (n <= 0) {
                fail(new IllegalArgumentException("request(" + n + "): demand must be positive (Flow rule 3.9)"),
                        true);
                return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            if (current != null && current.upstream != null) {
                current.request(n);
            }
        });
    }

    @Override
    public void cancel() {
        enqueue(() -> {
            if (!done && current != null) {
                Outcomes.neutral(current.slot);
            }
            end();
        });
    }

    // ------------------------------------------------------------------------------------------ events

    private void next() {
        if (done) {
            return;
        }
        if (router.nanoTime() - deadlineNanos >= 0) {
            fail(new ModelException(Reason.TIMEOUT, "model '" + path.requestedModel()
                    + "' gave no stream within the deadline" + path.tried()), false);
            return;
        }
        Optional<RoutePath.Step> step = path.next();
        if (step.isEmpty()) {
            fail(path.exhausted(), false);
            return;
        }
        current = new Attempt(step.get().slot(), step.get().model());
        current.start();
    }

    private void subscribed(Attempt attempt, Flow.Subscription subscription) {
        if (attempt != current || done || attempt.upstream != null) {
            attempt.cancelUpstream(subscription);
            return;
        }
        attempt.upstream = subscription;
        if (demand > 0) {
            attempt.request(demand);
        }
    }

    private void fragment(Attempt attempt, String text) {
        if (attempt != current || done) {
            return;
        }
        if (text == null) {
            attemptFailed(attempt, new BadAnswer("sent a null fragment"));
            return;
        }
        if (demand == 0) {
            attemptFailed(attempt, new BadAnswer("sent more fragments than were requested"));
            return;
        }
        demand--;
        emitted++;
        attempt.fragments++;
        attempt.armTimer(router.settings().streamIdleTimeout().toMillis(), "went silent for "
                + router.settings().streamIdleTimeout().toMillis() + " ms");
        try {
            downstream.onNext(text);
        } catch (RuntimeException e) {
            LOG.warn("A chat stream's subscriber failed in onNext; the stream is cancelled", e);
            Outcomes.neutral(attempt.slot);
            end();
        }
    }

    private void completed(Attempt attempt) {
        if (attempt != current || done) {
            return;
        }
        attempt.slot.stats().succeeded(attempt.model, router.nanoTime() - attempt.started, 0, attempt.fragments);
        attempt.slot.breaker().onSuccess();
        end();
        try {
            downstream.onComplete();
        } catch (RuntimeException e) {
            LOG.warn("A chat stream's subscriber failed in onComplete", e);
        }
    }

    private void attemptFailed(Attempt attempt, Throwable error) {
        if (attempt != current || done) {
            return;
        }
        Throwable cause = Router.unwrap(error);
        attempt.cancelUpstream(attempt.upstream);
        if (Outcomes.isClientError(cause)) {
            Outcomes.neutral(attempt.slot);
            fail(Outcomes.refused(attempt.slot, (ModelException) cause), false);
            return;
        }
        boolean timeout = Outcomes.isTimeout(cause);
        String message = Router.describe(cause);
        if (Outcomes.isGone(cause)) {
            Outcomes.neutral(attempt.slot);
        } else {
            Outcomes.failed(attempt.slot, cause instanceof BadAnswer ? "bad answer: " + message : message);
        }
        if (emitted > 0) {
            fail(new ModelException(timeout ? Reason.TIMEOUT : Reason.UNAVAILABLE, "stream of model '"
                    + attempt.model + "' from provider " + attempt.slot.id() + " broke after " + emitted
                    + " fragments: " + message), false);
            return;
        }
        path.fail(attempt.slot.id() + ": " + message, timeout);
        next();
    }

    private void deadlineReached(long deadlineMillis) {
        if (done) {
            return;
        }
        Attempt attempt = current;
        if (attempt != null) {
            attempt.cancelUpstream(attempt.upstream);
            if (attempt.fragments == 0) {
                Outcomes.failed(attempt.slot, "no stream within the deadline of " + deadlineMillis + " ms");
            } else {
                Outcomes.neutral(attempt.slot); // it was answering, only too long
            }
        }
        fail(new ModelException(Reason.TIMEOUT, "stream of model '" + path.requestedModel()
                + "' passed its deadline of " + deadlineMillis + " ms after " + emitted + " fragments"
                + path.tried()), false);
    }

    /** Ends the stream with an error to the subscriber. */
    private void fail(Throwable error, boolean accountCurrent) {
        if (done) {
            return;
        }
        if (accountCurrent && current != null) {
            current.cancelUpstream(current.upstream);
            Outcomes.neutral(current.slot);
        }
        end();
        try {
            downstream.onError(error);
        } catch (RuntimeException e) {
            LOG.warn("A chat stream's subscriber failed in onError", e);
        }
    }

    /** Stops timers, returns the permit and stops the provider's stream; later signals are ignored. */
    private void end() {
        if (done) {
            return;
        }
        done = true;
        if (deadline != null) {
            deadline.cancel(false);
        }
        path.close();
        if (current != null) {
            current.stop();
        }
    }

    // ------------------------------------------------------------------------------------------ the queue

    private void enqueue(Runnable event) {
        events.add(event);
        if (pending.getAndIncrement() != 0) {
            return; // the thread draining now will run it
        }
        int missed = 1;
        do {
            Runnable next;
            while ((next = events.poll()) != null) {
                try {
                    next.run();
                } catch (RuntimeException e) {
                    LOG.error("Chat stream event failed", e);
                }
            }
            missed = pending.addAndGet(-missed);
        } while (missed != 0);
    }

    /** One provider's stream, subscribed for one step of the path. */
    private final class Attempt implements Flow.Subscriber<String> {
        final ProviderSlot slot;
        final String model;
        final long started;
        final Runnable gone;
        Flow.Subscription upstream;
        long fragments;
        ScheduledFuture<?> timer;
        Future<?> call;

        Attempt(ProviderSlot slot, String model) {
            this.slot = slot;
            this.model = model;
            this.started = router.nanoTime();
            this.gone = () -> onError(new AttemptFailure(AttemptFailure.Kind.GONE, "provider was removed"));
        }

        /** While draining. */
        void start() {
            slot.stats().started();
            long remainingMillis = Math.max(1, (deadlineNanos - router.nanoTime() + 999_999) / 1_000_000);
            long timeoutMillis = Math.min(router.settings().limits(model).timeout().toMillis(), remainingMillis);
            armTimer(timeoutMillis, "no first fragment within " + timeoutMillis + " ms");
            if (!slot.track(gone)) {
                gone.run();
                return;
            }
            ChatRequest shaped = router.shape(request, model);
            try {
                call = router.threads().call(() -> {
                    try {
                        Flow.Publisher<String> publisher = slot.provider().chatStream(shaped);
                        if (publisher == null) {
                            onError(new BadAnswer("returned null instead of a publisher"));
                        } else {
                            publisher.subscribe(this);
                        }
                    } catch (RuntimeException | Error e) {
                        onError(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                onError(AttemptFailure.saturated());
            }
        }

        /** While draining: (re)starts the silence timer. */
        void armTimer(long millis, String what) {
            if (timer != null) {
                timer.cancel(false);
            }
            timer = router.threads().after(millis, () -> onError(new AttemptFailure(AttemptFailure.Kind.TIMEOUT, what)));
        }

        void request(long n) {
            Flow.Subscription subscription = upstream;
            onCaller(() -> subscription.request(n));
        }

        void cancelUpstream(Flow.Subscription subscription) {
            if (subscription != null) {
                onCaller(subscription::cancel);
            }
        }

        /** While draining, at the end of the stream. */
        void stop() {
            if (timer != null) {
                timer.cancel(false);
            }
            slot.untrack(gone);
            cancelUpstream(upstream);
            if (upstream == null && call != null) {
                call.cancel(true); // still inside the provider's chatStream or subscribe
            }
        }

        private void onCaller(Runnable providerCall) {
            try {
                router.threads().call(() -> {
                    try {
                        providerCall.run();
                    } catch (RuntimeException | Error e) {
                        onError(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                onError(AttemptFailure.saturated());
            }
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            enqueue(() -> subscribed(this, subscription));
        }

        @Override
        public void onNext(String item) {
            enqueue(() -> fragment(this, item));
        }

        @Override
        public void onError(Throwable throwable) {
            enqueue(() -> attemptFailed(this, throwable));
        }

        @Override
        public void onComplete() {
            enqueue(() -> completed(this));
        }
    }
}
