package org.aegis.model.openai;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.aegis.api.model.ModelException;

/** A subscriber that asks for nothing by itself: the test requests, and reads what arrived. */
class RecordingSubscriber implements Flow.Subscriber<String> {
    final List<String> items = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> end = new CompletableFuture<>();
    final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    /** Signals after the terminal one: must stay 0. */
    final AtomicInteger late = new AtomicInteger();

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription.complete(s);
    }

    @Override
    public void onNext(String item) {
        if (end.isDone()) {
            late.incrementAndGet();
        }
        items.add(item);
    }

    @Override
    public void onError(Throwable failure) {
        if (!end.completeExceptionally(failure)) {
            late.incrementAndGet();
        }
    }

    @Override
    public void onComplete() {
        if (!end.complete(null)) {
            late.incrementAndGet();
        }
    }

    void request(long n) throws Exception {
        subscription.get(5, TimeUnit.SECONDS).request(n);
    }

    void cancel() throws Exception {
        subscription.get(5, TimeUnit.SECONDS).cancel();
    }

    /** Waits until {@code count} items have arrived. */
    void awaitItems(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (items.size() < count) {
            if (System.nanoTime() > deadline) {
                fail(count + " items expected within " + timeout + ", got " + items);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    /** Waits for onComplete. */
    void awaitComplete() throws Exception {
        end.get(10, TimeUnit.SECONDS);
    }

    /** Waits for onError with a ModelException of this reason, and returns it. */
    ModelException awaitError(ModelException.Reason reason) throws InterruptedException, TimeoutException {
        try {
            end.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            ModelException failure = assertInstanceOf(ModelException.class, e.getCause());
            assertTrue(failure.reason() == reason, () -> reason + " expected: " + failure.reason() + " " + failure);
            return failure;
        }
        throw new AssertionError("the stream completed with " + items + "; " + reason + " expected");
    }
}
