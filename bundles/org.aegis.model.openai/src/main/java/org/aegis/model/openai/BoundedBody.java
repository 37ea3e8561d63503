package org.aegis.model.openai;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * A response body read into memory, never more than {@code limit} bytes of it. A body that announces or turns out to
 * be longer either fails ({@link #failing}) or is cut at the limit ({@link #truncating}, for error messages); both
 * cancel the rest of the transfer.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final long declaredLength;
    private final Supplier<? extends RuntimeException> tooLarge;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes;
    private volatile Flow.Subscription subscription;

    private BoundedBody(int limit, long declaredLength, Supplier<? extends RuntimeException> tooLarge) {
        this.limit = limit;
        this.declaredLength = declaredLength;
        this.tooLarge = tooLarge;
        this.bytes = new ByteArrayOutputStream((int) Math.min(limit, declaredLength > 0 ? declaredLength : 8192));
    }

    /**
     * @param declaredLength the Content-Length, -1 when unknown: a larger one fails before a byte is read
     * @param tooLarge       the failure when the body exceeds the limit
     */
    static BoundedBody failing(int limit, long declaredLength, Supplier<? extends RuntimeException> tooLarge) {
        return new BoundedBody(limit, declaredLength, tooLarge);
    }

    static BoundedBody truncating(int limit) {
        return new BoundedBody(limit, -1, null);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (body.isDone()) {
            subscription.cancel();
        } else if (tooLarge != null && declaredLength > limit) {
            abort(tooLarge.get());
        } else {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            if (body.isDone()) {
                return;
            }
            int room = limit - bytes.size();
            if (buffer.remaining() > room) {
                if (tooLarge != null) {
                    abort(tooLarge.get());
                    return;
                }
                append(buffer, room);
                subscription.cancel();
                body.complete(bytes.toByteArray());
                return;
            }
            append(buffer, buffer.remaining());
        }
    }

    @Override
    public void onError(Throwable failure) {
        body.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toByteArray());
    }

    /** Stops the transfer; the body fails with {@code failure} unless it is already complete. */
    void abort(Throwable failure) {
        body.completeExceptionally(failure);
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    private void append(ByteBuffer buffer, int length) {
        if (buffer.hasArray()) {
            bytes.write(buffer.array(), buffer.arrayOffset() + buffer.position(), length);
            buffer.position(buffer.position() + length);
        } else {
            byte[] chunk = new byte[length];
            buffer.get(chunk);
            bytes.write(chunk, 0, length);
        }
    }
}
