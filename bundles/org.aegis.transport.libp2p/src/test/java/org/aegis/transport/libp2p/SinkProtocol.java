package org.aegis.transport.libp2p;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.aegis.api.Registration;
import org.aegis.api.transport.Stream;
import org.aegis.api.transport.Transport;

/**
 * The {@code /aegis/sink/1.0.0} test protocol, as itests/js/protocols.mjs defines it for every peer: the sink reads
 * and discards until the writer closes its write side, then answers with the number of bytes it read (8 bytes,
 * unsigned big-endian) and closes. The writer stops its clock on that answer, so a figure covers delivery.
 */
final class SinkProtocol {
    static final String PROTOCOL_ID = "/aegis/sink/1.0.0";
    /** The chunk the writer writes again and again, as the js writer does. */
    static final int CHUNK = 64 * 1024;
    /** Writes handed to the stream before the writer waits: more than a Yamux window, so the window is the limit. */
    private static final int WRITES_IN_FLIGHT = 8;

    private SinkProtocol() {
    }

    /** Registers the sink on {@code transport}. */
    static Registration serve(Transport transport) {
        return transport.handle(PROTOCOL_ID, stream -> stream.inbound().subscribe(new Counter(stream)));
    }

    /**
     * Writes {@code bytes} bytes to the sink of {@code peerId} and waits for its count; returns the elapsed
     * nanoseconds from before the stream is opened (protocol negotiation included) to the count's arrival.
     *
     * @throws IllegalStateException when the count is not {@code bytes}
     */
    static long writeTo(Transport transport, String peerId, long bytes, long timeoutSeconds)
            throws InterruptedException, ExecutionException, TimeoutException {
        // the same buffer every time: it is never modified, and a fresh one per chunk would measure the allocator
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        while (chunk.hasRemaining()) {
            chunk.put((byte) 0x5a);
        }
        chunk.flip();
        long started = System.nanoTime();
        Stream stream = transport.openStream(peerId, PROTOCOL_ID).toCompletableFuture()
                .get(timeoutSeconds, TimeUnit.SECONDS);
        CompletableFuture<ByteBuffer> reply = new CompletableFuture<>();
        stream.inbound().subscribe(new ReplyReader(reply));
        Semaphore inFlight = new Semaphore(WRITES_IN_FLIGHT);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (long left = bytes; left > 0 && failure.get() == null; left -= CHUNK) {
            if (!inFlight.tryAcquire(timeoutSeconds, TimeUnit.SECONDS)) {
                stream.reset();
                throw new TimeoutException("a write to the sink did not complete within " + timeoutSeconds + " s");
            }
            stream.write(left >= CHUNK ? chunk.duplicate() : chunk.duplicate().limit((int) left))
                    .whenComplete((done, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                        inFlight.release();
                    });
        }
        if (failure.get() != null) {
            throw new ExecutionException("writing to the sink failed", failure.get());
        }
        stream.closeWrite();
        ByteBuffer count = reply.get(timeoutSeconds, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - started;
        if (count.remaining() != Long.BYTES || count.getLong(0) != bytes) {
            throw new IllegalStateException("the sink answered " + count.remaining() + " bytes"
                    + (count.remaining() == Long.BYTES ? " counting " + count.getLong(0) : "") + ", " + bytes
                    + " were written");
        }
        return elapsed;
    }

    /** The sink's side of one stream: counts, and answers once the writer has closed. */
    private static final class Counter implements Flow.Subscriber<ByteBuffer> {
        private final Stream stream;
        private long received;

        Counter(Stream stream) {
            this.stream = stream;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer chunk) {
            received += chunk.remaining();
        }

        @Override
        public void onError(Throwable error) {
            stream.reset();
        }

        @Override
        public void onComplete() {
            stream.write(ByteBuffer.allocate(Long.BYTES).putLong(0, received)).thenCompose(done -> stream.closeWrite());
        }
    }

    /** The writer's side: everything the sink sends until it closes. */
    private static final class ReplyReader implements Flow.Subscriber<ByteBuffer> {
        private final CompletableFuture<ByteBuffer> reply;
        private ByteBuffer received = ByteBuffer.allocate(0);

        ReplyReader(CompletableFuture<ByteBuffer> reply) {
            this.reply = reply;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(ByteBuffer chunk) {
            ByteBuffer joined = ByteBuffer.allocate(received.remaining() + chunk.remaining());
            received = joined.put(received).put(chunk).flip();
        }

        @Override
        public void onError(Throwable error) {
            reply.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            reply.complete(received);
        }
    }
}
