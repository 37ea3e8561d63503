package org.aegis.transport.libp2p;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import org.aegis.transport.libp2p.identify.IdentifyCodec;
import org.aegis.transport.libp2p.multiformats.Multiaddress;
import org.aegis.transport.libp2p.multiformats.PeerIds;
import org.aegis.transport.libp2p.multistream.MultistreamMessages;
import org.aegis.transport.libp2p.multistream.Negotiation;
import org.aegis.transport.libp2p.yamux.StreamInput;
import org.aegis.transport.libp2p.yamux.YamuxFrame;
import org.aegis.transport.libp2p.yamux.YamuxFrameDecoder;
import org.aegis.transport.libp2p.yamux.YamuxSession;

/**
 * Multistream, Yamux, identify and multiaddr decoders fed arbitrary bytes: malformed input must end in
 * {@link ProtocolException}, never in anything else (the Noise ones are in {@code NoiseFuzzTest}). In a normal build these run the seeds
 * under src/test/resources; with JAZZER_FUZZ=1 they fuzz for at most 10 s each.
 */
class FuzzTargetsTest {
    private static final TestIdentity IDENTITY = new TestIdentity();

    @FuzzTest(maxDuration = "10s")
    void multistreamMessages(byte[] data) {
        ByteBuf in = Unpooled.wrappedBuffer(data);
        ByteBuf out = Unpooled.buffer();
        try {
            Negotiation.listener("/p"::equals, List.of("/p")).receive(in.duplicate(), out);
            Negotiation dialer = Negotiation.dialer(List.of("/a", "/b"));
            dialer.start(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT).release();
            dialer.receive(in.duplicate(), out);
        } catch (ProtocolException expected) {
            // malformed input, reported as such
        }
        try {
            ByteBuf body = MultistreamMessages.tryReadBody(in.duplicate(), MultistreamMessages.MAX_LIST_LENGTH);
            if (body != null) {
                MultistreamMessages.parseList(body);
            }
        } catch (ProtocolException expected) {
            // malformed ls response
        }
        out.release();
    }

    @FuzzTest(maxDuration = "10s")
    void yamuxFrames(byte[] data) {
        ByteBuf in = Unpooled.wrappedBuffer(data);
        try {
            for (YamuxFrame frame; (frame = YamuxFrameDecoder.tryDecode(in, YamuxSession.INITIAL_WINDOW)) != null; ) {
                frame.release();
            }
        } catch (ProtocolException expected) {
            // malformed header
        }
        // the whole session: a protocol error ends in Go Away (protocol error), an internal error would not
        YamuxSession session = new YamuxSession(false, stream -> new DiscardingInput(), 8, Duration.ofMinutes(1));
        EmbeddedChannel channel = new EmbeddedChannel(new YamuxFrameDecoder(YamuxSession.INITIAL_WINDOW), session);
        channel.writeInbound(Unpooled.wrappedBuffer(data));
        ByteBuf sent = Unpooled.buffer();
        for (ByteBuf out; (out = channel.readOutbound()) != null; ) {
            sent.writeBytes(out);
            out.release();
        }
        for (YamuxFrame frame; (frame = YamuxFrameDecoder.tryDecode(sent, Integer.MAX_VALUE)) != null; ) {
            frame.release();
            assertFalse(frame.type() == YamuxFrame.TYPE_GO_AWAY && frame.length() == YamuxFrame.GO_AWAY_INTERNAL_ERROR,
                    "the session failed internally");
        }
        sent.release();
        channel.finishAndReleaseAll();
    }

    @FuzzTest(maxDuration = "10s")
    void identifyAndMultiaddrs(byte[] data) {
        try {
            IdentifyCodec.decode(data, IDENTITY.peerId());
        } catch (ProtocolException expected) {
            // malformed identify message
        }
        try {
            Multiaddress address = Multiaddress.fromBytes(data);
            Multiaddress.parse(address.toString());
        } catch (ProtocolException expected) {
            // malformed binary multiaddr
        }
        try {
            PeerIds.fromPublicKey(data);
        } catch (ProtocolException expected) {
            // not an Ed25519 public key protobuf
        }
    }

    private static final class DiscardingInput implements StreamInput {
        @Override
        public void onData(ByteBuf data) {
            data.release();
        }

        @Override
        public void onEnd() {
        }

        @Override
        public void onReset(Exception cause) {
        }
    }
}
