package org.aegis.model.orchestrator;

import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Emits its fragments as they are requested, on the requesting thread, then completes, or fails with
 * {@code error} once they are out. With {@code error} and no fragments it fails at once.
 */
final class ScriptedPublisher implements Flow.Publisher<String> {
    private final List<String> fragments;
    private final RuntimeException error;
    final AtomicBoolean cancelled = new AtomicBoolean();
    volatile long requested;

    ScriptedPublisher(List<String> fragments, RuntimeException error) {
        this.fragments = fragments;
        this.error = error;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super String> subscriber) {
        subscriber.onSubscribe(new Flow.Subscription() {
            private int next;
            private boolean ended;

            @Override
            public synchronized void request(long n) {
                requested += n;
                for (long i = 0; i < n && next < fragments.size() && !cancelled.get(); i++) {
                    subscriber.onNext(fragments.get(next++));
                }
                if (next == fragments.size() && !ended && !cancelled.get()) {
                    ended = true;
                    if (error != null) {
                        subscriber.onError(error);
                    } else {
                        subscriber.onComplete();
                    }
                }
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
    }
}
