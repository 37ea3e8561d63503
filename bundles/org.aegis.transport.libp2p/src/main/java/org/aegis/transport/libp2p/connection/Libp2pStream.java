package org.aegis.transport.libp2p.connection;

import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.aegis.api.transport.Stream;
import org.aegis.transport.libp2p.yamux.YamuxStream;

/**
 * A negotiated application stream. {@link #write} does not copy: the buffer must stay unchanged until the returned
 * stage completes.
 */
public final class Libp2pStream implements Stream {
    private final YamuxStream stream;
    private final String protocol;
    private final String remotePeerId;
    private final InboundPublisher inbound;

    Libp2pStream(YamuxStream stream, String protocol, String remotePeerId, InboundPublisher inbound) {
        this.stream = stream;
        this.protocol = protocol;
        this.remotePeerId = remotePeerId;
        this.inbound = inbound;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public String remotePeerId() {
        return remotePeerId;
    }

    @Override
    public Flow.Publisher<ByteBuffer> inbound() {
        return inbound;
    }

    @Override
    public CompletionStage<Void> write(ByteBuffer data) {
        return stream.write(Unpooled.wrappedBuffer(data.duplicate()));
    }

    @Override
    public CompletionStage<Void> closeWrite() {
        return stream.closeWrite();
    }

    @Override
    public void reset() {
        stream.reset();
    }

    @Override
    public String toString() {
        return protocol + " stream " + stream.id() + " with " + remotePeerId;
    }
}
