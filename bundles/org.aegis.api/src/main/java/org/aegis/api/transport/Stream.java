package org.aegis.api.transport;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bidirectional stream to a peer for one protocol, made by a {@link Transport}: handed to a
 * {@link StreamHandler} when the peer opened it, or returned by {@link Transport#openStream}. Reads are a
 * {@link Flow.Publisher}: the subscriber's demand is the back-pressure. Writes complete when the transport has
 * accepted the bytes, so a writer that waits for the previous write never buffers without bound.
 *
 * <p>Threading: every method may be called from any thread and returns without blocking. The transport signals
 * the {@link #inbound()} subscriber and completes the write stages on its own threads (libp2p: the connection's
 * Netty event loop, which serves every stream of the connection): subscribers and callbacks must not block there;
 * hand slow work to another executor.
 *
 * <p>Ownership: whoever holds the stream ends it, with {@link #closeWrite()} once done writing or {@link #reset()}
 * on error. Closing the handler's {@link org.aegis.api.Registration} does not end streams already handed over.
 *
 * <p>Hot swap: a stream lives only as long as its connection. When the transport stops (its bundle stopped or
 * updated) or the connection breaks, the stream resets: the inbound subscriber gets {@code onError}, pending and
 * later writes fail. Platform consumers also reset the streams they hold on a transport when they unbind it.
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so a transport built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface Stream {
    /** The negotiated protocol id, e.g. {@code /aegis/pbft/1.0.0}; constant. */
    String protocol();

    /** The peer id of the other end, as the connection authenticated it; constant. */
    String remotePeerId();

    /**
     * Incoming messages; completes when the remote side closes its half, errors when the stream is reset (by either
     * side, or because the connection or transport went away). One subscriber per stream: a second one gets
     * {@code onSubscribe} and then {@code onError} with an {@link IllegalStateException}.
     *
     * <p>Reactive Streams rules apply: nothing is delivered beyond what was requested, and unread data holds back
     * the sender (libp2p re-opens the flow-control window only as chunks are requested). Chunk boundaries need not
     * match the writer's writes. {@code request(n)} with {@code n <= 0} ends the subscription with {@code onError}
     * (libp2p also resets the stream). {@code cancel()} stops delivery but does not reset the stream (libp2p
     * discards what arrives afterwards): call {@link #reset()} as well to tell the peer.
     */
    Flow.Publisher<ByteBuffer> inbound();

    /**
     * Queues {@code data} for the peer; completes when the transport has accepted (written) it, fails when the
     * stream is reset or closed for writing. Writes go out in call order. The transport may send {@code data}
     * without copying it: do not change the buffer until the stage completes. Waiting for each write before the next
     * is how a writer respects back-pressure.
     */
    CompletionStage<Void> write(ByteBuffer data);

    /** Closes our half once the queued writes are out; the remote may still send. Completes when done. */
    CompletionStage<Void> closeWrite();

    /**
     * Abandons the stream in both directions: pending writes fail, the inbound subscriber gets {@code onError},
     * the peer sees a reset. Idempotent; safe from any thread, including the transport's own.
     */
    void reset();
}
