package org.aegis.federated.trainer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.aegis.api.federated.UpdateCodec;
import org.aegis.api.transport.Stream;
import org.aegis.api.transport.StreamHandler;
import org.aegis.api.transport.Transport;

/**
 * The stream protocol {@value #PROTOCOL} that moves update bytes between nodes: the requester writes the update's
 * digest (64 hex digits) and closes its half; the server answers with the bytes it holds under that digest, or
 * nothing, and closes. Both sides bound what they read; the requester checks the bytes against the digest.
 */
final class UpdateExchange {
    static final String PROTOCOL = "/aegis/federated/update/1.0.0";
    private static final int DIGEST_CHARS = 64;

    private UpdateExchange() {
    }

    /** Answers requests from {@code stored}: update bytes by digest. */
    static StreamHandler server(Function<String, Optional<byte[]>> stored) {
        return stream -> read(stream, DIGEST_CHARS).whenComplete((request, failure) -> {
            if (failure != null) {
                stream.reset();
                return;
            }
            String digest = new String(request, StandardCharsets.US_ASCII);
            Optional<byte[]> bytes = digest.length() == DIGEST_CHARS ? stored.apply(digest) : Optional.empty();
            CompletableFuture<Void> written = bytes.map(b -> stream.write(ByteBuffer.wrap(b)).toCompletableFuture())
                    .orElse(CompletableFuture.completedFuture(null));
            written.thenCompose(done -> stream.closeWrite()).exceptionally(error -> {
                stream.reset();
                return null;
            });
        });
    }

    /**
     * Fetches an update from one peer.
     *
     * @throws Exception if the peer cannot be reached, answers nothing or too much, or the bytes do not match
     */
    static byte[] fetch(Transport transport, String peer, String digest, int maxBytes, Duration timeout)
            throws Exception {
        Stream stream = transport.openStream(peer, PROTOCOL).toCompletableFuture()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<byte[]> answer = read(stream, maxBytes);
        stream.write(ByteBuffer.wrap(digest.getBytes(StandardCharsets.US_ASCII)))
                .thenCompose(done -> stream.closeWrite());
        byte[] bytes;
        try {
            bytes = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            stream.reset();
            throw e;
        }
        if (bytes.length == 0) {
            throw new IllegalStateException(peer + " does not hold update " + digest);
        }
        String actual = HexFormat.of().formatHex(UpdateCodec.sha256(bytes));
        if (!actual.equals(digest)) {
            throw new IllegalStateException(peer + " answered bytes of digest " + actual + " for " + digest);
        }
        return bytes;
    }

    /** Everything the remote sends until it closes, failing once it sends more than {@code maxBytes}. */
    private static CompletableFuture<byte[]> read(Stream stream, int maxBytes) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        stream.inbound().subscribe(new Flow.Subscriber<>() {
            private final ByteArrayOutputStream received = new ByteArrayOutputStream();
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer chunk) {
                if (received.size() + chunk.remaining() > maxBytes) {
                    subscription.cancel();
                    stream.reset();
                    result.completeExceptionally(new IllegalStateException(stream.remotePeerId() + " sent more than "
                            + maxBytes + " bytes on " + PROTOCOL));
                    return;
                }
                byte[] bytes = new byte[chunk.remaining()];
                chunk.get(bytes);
                received.writeBytes(bytes);
            }

            @Override
            public void onError(Throwable error) {
                result.completeExceptionally(error);
            }

            @Override
            public void onComplete() {
                result.complete(received.toByteArray());
            }
        });
        return result;
    }
}
