package org.aegis.transport.libp2p.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.concurrent.CompletableFuture;
import org.aegis.transport.libp2p.ProtocolException;
import org.aegis.transport.libp2p.multistream.Negotiation;
import org.aegis.transport.libp2p.yamux.StreamInput;
import org.aegis.transport.libp2p.yamux.YamuxStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs multistream-select on a new Yamux stream, as the side that opened it or the side that accepted it. Once a
 * protocol is agreed the stream's data goes to an {@link InboundPublisher}, starting with any bytes that came in
 * behind the negotiation. A malformed message resets the stream.
 */
final class StreamNegotiator implements StreamInput {
    private static final Logger LOG = LoggerFactory.getLogger(StreamNegotiator.class);

    private final YamuxStream stream;
    private final Negotiation negotiation;
    private final String remotePeerId;
    private final CompletableFuture<Libp2pStream> result = new CompletableFuture<>();
    private final ByteBuf received = Unpooled.buffer(64);

    StreamNegotiator(YamuxStream stream, Negotiation negotiation, String remotePeerId) {
        this.stream = stream;
        this.negotiation = negotiation;
        this.remotePeerId = remotePeerId;
    }

    /** Sends the header (and the dialer's proposal); the result completes with the negotiated stream. */
    CompletableFuture<Libp2pStream> start() {
        stream.write(negotiation.start(ByteBufAllocator.DEFAULT));
        return result;
    }

    @Override
    public void onData(ByteBuf data) {
        if (result.isDone()) {
            stream.consumed(data.readableBytes());
            data.release();
            return;
        }
        received.writeBytes(data);
        data.release();
        int before = received.readableBytes();
        ByteBuf reply = Unpooled.buffer(32);
        try {
            negotiation.receive(received, reply);
        } catch (ProtocolException e) {
            reply.release();
            LOG.warn("Protocol error negotiating a stream with {}: {}; resetting it", remotePeerId, e.getMessage());
            fail(e);
            return;
        }
        stream.consumed(before - received.readableBytes());
        if (reply.isReadable()) {
            stream.write(reply);
        } else {
            reply.release();
        }
        String selected = negotiation.selected();
        if (selected != null) {
            InboundPublisher inbound = new InboundPublisher(stream);
            stream.setInput(inbound);
            if (received.isReadable()) {
                inbound.onData(received.retainedSlice());
            }
            received.release();
            result.complete(new Libp2pStream(stream, selected, remotePeerId, inbound));
        }
    }

    @Override
    public void onEnd() {
        fail(new ProtocolException("peer closed the stream during protocol negotiation"));
    }

    @Override
    public void onReset(Exception cause) {
        if (!result.isDone()) {
            received.release();
            result.completeExceptionally(cause);
        }
    }

    private void fail(Exception cause) {
        if (!result.isDone()) {
            received.release();
            result.completeExceptionally(cause);
            stream.reset();
        }
    }
}
