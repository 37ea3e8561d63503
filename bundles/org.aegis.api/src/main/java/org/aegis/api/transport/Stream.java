package org.aegis.api.transport;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bidirectional stream to a peer for one protocol. Reads are a {@link Flow.Publisher}: the subscriber's
 * demand is the back-pressure. Writes complete when the transport has accepted the bytes, so a writer that
 * waits for the previous write never buffers without bound.
 */
@ConsumerType
public interface Stream {
    String protocol();

    String remotePeerId();

    /** Incoming messages; completes when the remote side closes its half, errors when the stream is reset. */
    Flow.Publisher<ByteBuffer> inbound();

    CompletionStage<Void> write(ByteBuffer data);

    /** Closes our half; the remote may still send. */
    CompletionStage<Void> closeWrite();

    /** Abandons the stream in both directions. */
    void reset();
}
