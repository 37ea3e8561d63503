package org.aegis.transport.memory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;

/** A stream subscriber for tests: records what arrives, requesting {@code initial} up front and then as told. */
final class Collector implements Flow.Subscriber<ByteBuffer> {
    final List<String> received = new ArrayList<>();
    private final long initial;
    private Flow.Subscription subscription;
    Throwable error;
    boolean completed;

    private Collector(long initial) {
        this.initial = initial;
    }

    static Collector unbounded() {
        return new Collector(Long.MAX_VALUE);
    }

    static Collector requesting(long initial) {
        return new Collector(initial);
    }

    void request(long n) {
        subscription.request(n);
    }

    void cancel() {
        subscription.cancel();
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (initial > 0) {
            s.request(initial);
        }
    }

    @Override
    public void onNext(ByteBuffer item) {
        received.add(StandardCharsets.UTF_8.decode(item).toString());
    }

    @Override
    public void onError(Throwable throwable) {
        error = throwable;
    }

    @Override
    public void onComplete() {
        completed = true;
    }

    static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }
}
