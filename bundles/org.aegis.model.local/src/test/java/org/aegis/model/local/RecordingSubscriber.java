package org.aegis.model.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** Records a stream's signals; requests {@code initialDemand} on subscribe and more only when told. */
final class RecordingSubscriber implements Flow.Subscriber<String> {
    final List<String> items = new CopyOnWriteArrayList<>();
    /** Completes at onComplete, fails at onError. */
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final long initialDemand;
    private volatile Flow.Subscription subscription;

    RecordingSubscriber(long initialDemand) {
        this.initialDemand = initialDemand;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (initialDemand > 0) {
            s.request(initialDemand);
        }
    }

    @Override
    public void onNext(String item) {
        items.add(item);
    }

    @Override
    public void onError(Throwable error) {
        done.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        done.complete(null);
    }

    Flow.Subscription subscription() {
        return subscription;
    }

    String text() {
        return String.join("", items);
    }

    void awaitItems(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (items.size() < count && !done.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(items.size() >= count, "got " + items.size() + " items of " + count + ", done " + done);
    }
}
