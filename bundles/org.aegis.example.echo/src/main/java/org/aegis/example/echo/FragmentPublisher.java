package org.aegis.example.echo;

import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes a reply's fragments as the subscriber asks for them (Reactive Streams: nothing is sent beyond
 * {@code request(n)}, {@code cancel} stops it, a non-positive request is an error). Delivery runs on the thread
 * that calls {@code request}, one at a time even when requests arrive from several threads.
 */
final class FragmentPublisher implements Flow.Publisher<String> {
    private final List<String> fragments;
    private final RuntimeException failure;

    FragmentPublisher(List<String> fragments) {
        this.fragments = List.copyOf(fragments);
        this.failure = null;
    }

    private FragmentPublisher(RuntimeException failure) {
        this.fragments = List.of();
        this.failure = failure;
    }

    static FragmentPublisher failed(RuntimeException failure) {
        return new FragmentPublisher(failure);
    }

    @Override
    public void subscribe(Flow.Subscriber<? super String> subscriber) {
        if (subscriber == null) {
            throw new NullPointerException("subscriber (rule 1.9)");
        }
        Subscription subscription = new Subscription(subscriber);
        subscriber.onSubscribe(subscription);
        if (failure != null) {
            subscription.fail(failure);
        } else if (fragments.isEmpty()) {
            subscription.drain();
        }
    }

    private final class Subscription implements Flow.Subscription {
        private final Flow.Subscriber<? super String> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger draining = new AtomicInteger();
        private final AtomicBoolean done = new AtomicBoolean();
        private int next;

        Subscription(Flow.Subscriber<? super String> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                fail(new IllegalArgumentException("request(" + n + "): demand must be positive (rule 3.9)"));
                return;
            }
            demand.getAndAccumulate(n, (current, added) -> current + added < 0 ? Long.MAX_VALUE : current + added);
            drain();
        }

        @Override
        public void cancel() {
            done.set(true);
        }

        void fail(Throwable error) {
            if (done.compareAndSet(false, true)) {
                subscriber.onError(error);
            }
        }

        /** Sends what is asked for; a second caller only records that there is more to do (no reentrant onNext). */
        void drain() {
            if (draining.getAndIncrement() != 0) {
                return;
            }
            int missed = 1;
            while (true) {
                while (!done.get() && next < fragments.size() && demand.get() > 0) {
                    demand.decrementAndGet();
                    subscriber.onNext(fragments.get(next++));
                }
                if (!done.get() && next == fragments.size() && done.compareAndSet(false, true)) {
                    subscriber.onComplete();
                }
                missed = draining.addAndGet(-missed);
                if (missed == 0) {
                    return;
                }
            }
        }
    }
}
