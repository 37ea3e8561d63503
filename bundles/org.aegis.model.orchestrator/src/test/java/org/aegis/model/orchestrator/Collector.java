package org.aegis.model.orchestrator;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** A subscriber that requests {@code batch} fragments at a time (0: only what the test requests) and records all. */
final class Collector implements Flow.Subscriber<String> {
    final List<String> items = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final long batch;
    volatile Flow.Subscription subscription;

    Collector(long batch) {
        this.batch = batch;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (batch > 0) {
            s.request(batch);
        }
    }

    @Override
    public void onNext(String item) {
        items.add(item);
        if (batch > 0) {
            subscription.request(batch);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        done.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        done.complete(null);
    }

    /** The error the stream ended with; fails the test if it completed or took over 5 s. */
    Throwable error() throws Exception {
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("stream completed, an error was expected; items " + items);
    }

    String text() throws Exception {
        done.get(5, TimeUnit.SECONDS);
        return String.join("", items);
    }
}
