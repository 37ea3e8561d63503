package org.aegis.transport.libp2p.connection;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Flow;
import org.aegis.transport.libp2p.yamux.StreamInput;
import org.aegis.transport.libp2p.yamux.YamuxStream;

/**
 * A stream's incoming bytes as a {@link Flow.Publisher} with one subscriber. Chunks are handed over only as the
 * subscriber requests them, and only then is the stream's receive window re-opened: a slow reader holds back the
 * sender. Signals go out on the connection's event loop, so subscribers must not block.
 */
final class InboundPublisher implements StreamInput, Flow.Publisher<ByteBuffer> {
    private final YamuxStream stream;
    private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
    private Flow.Subscriber<? super ByteBuffer> subscriber;
    private long demand;
    private boolean ended;
    private Exception failure;
    private boolean terminated;
    private boolean cancelled;
    private boolean draining;

    InboundPublisher(YamuxStream stream) {
        this.stream = stream;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> candidate) {
        stream.executor().execute(() -> {
            if (subscriber != null) {
                candidate.onSubscribe(new NoSubscription());
                candidate.onError(new IllegalStateException("a stream's inbound accepts one subscriber"));
                return;
            }
            subscriber = candidate;
            candidate.onSubscribe(new Subscription());
            drain();
        });
    }

    @Override
    public void onData(ByteBuf data) {
        if (cancelled) {
            stream.consumed(data.readableBytes());
            data.release();
            return;
        }
        queue.add(data);
        drain();
    }

    @Override
    public void onEnd() {
        ended = true;
        drain();
    }

    @Override
    public void onReset(Exception cause) {
        failure = cause;
        releaseQueue();
        drain();
    }

    private void drain() {
        if (draining || subscriber == null || terminated) {
            return;
        }
        draining = true;
        try {
            while (demand > 0 && !queue.isEmpty() && !cancelled) {
                ByteBuf chunk = queue.poll();
                int length = chunk.readableBytes();
                byte[] bytes = new byte[length];
                chunk.readBytes(bytes);
                chunk.release();
                stream.consumed(length);
                demand--;
                subscriber.onNext(ByteBuffer.wrap(bytes));
            }
            if (cancelled) {
                releaseQueue();
            } else if (failure != null) {
                terminated = true;
                subscriber.onError(failure);
            } else if (ended && queue.isEmpty()) {
                terminated = true;
                subscriber.onComplete();
            }
        } finally {
            draining = false;
        }
    }

    private void releaseQueue() {
        for (ByteBuf chunk; (chunk = queue.poll()) != null; ) {
            stream.consumed(chunk.readableBytes());
            chunk.release();
        }
    }

    private final class Subscription implements Flow.Subscription {
        @Override
        public void request(long n) {
            stream.executor().execute(() -> {
                if (terminated || cancelled) {
                    return;
                }
                if (n <= 0) {
                    terminated = true;
                    releaseQueue();
                    subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                    stream.reset();
                    return;
                }
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                drain();
            });
        }

        @Override
        public void cancel() {
            // the reader has gone: what still arrives is discarded (and its window re-opened) rather than kept
            stream.executor().execute(() -> {
                cancelled = true;
                releaseQueue();
            });
        }
    }

    private static final class NoSubscription implements Flow.Subscription {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    }
}
