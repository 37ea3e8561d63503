package org.aegis.transport.libp2p.noise;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.security.SecureRandom;
import org.aegis.transport.libp2p.ProtocolException;
import org.aegis.transport.libp2p.TestIdentity;

/**
 * The Noise decoders fed arbitrary bytes: malformed input must end in {@link ProtocolException} (in the Netty codec,
 * wrapped by Netty in a {@link DecoderException}), never in anything else. In a normal build these run the seeds
 * under src/test/resources; with JAZZER_FUZZ=1 they fuzz for at most 10 s each.
 */
class NoiseFuzzTest {
    private static final TestIdentity IDENTITY = new TestIdentity();
    private static final NoiseIdentity NOISE = new NoiseIdentity(IDENTITY, IDENTITY.publicKey(), new SecureRandom());

    @FuzzTest(maxDuration = "10s")
    void noiseHandshakeMessages(byte[] data) {
        try {
            HandshakeState responder = NOISE.newHandshake(false);
            responder.readMessage(data);
            responder.writeMessage(new byte[0]);
        } catch (ProtocolException expected) {
            // too short
        }
        try {
            HandshakeState initiator = NOISE.newHandshake(true);
            initiator.writeMessage(new byte[0]);
            initiator.readMessage(data);
        } catch (ProtocolException expected) {
            // too short, bad key or failed authentication
        }
    }

    @FuzzTest(maxDuration = "10s")
    void noiseTransportMessages(byte[] data) {
        EmbeddedChannel channel = new EmbeddedChannel(new NoiseFrameDecoder(),
                new NoiseTransportCodec(new CipherState(new byte[32]), new CipherState(new byte[32])));
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(data));
        } catch (DecoderException e) {
            if (!(e.getCause() instanceof ProtocolException)) {
                throw e;
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    @FuzzTest(maxDuration = "10s")
    void noisePayloads(byte[] data) {
        try {
            NOISE.verify(data, new byte[32]);
        } catch (ProtocolException expected) {
            // malformed payload, foreign key type or bad signature
        }
    }
}
