package org.aegis.transport.libp2p.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.aegis.transport.libp2p.ProtocolException;
import org.aegis.transport.libp2p.TestIdentity;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

class NoiseTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void aProtocolNameOf32BytesIsThePaddedInitialHash() {
        assertEquals(32, HandshakeState.PROTOCOL_NAME.length());
        SymmetricState state = new SymmetricState(HandshakeState.PROTOCOL_NAME);
        assertArrayEquals(HandshakeState.PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII), state.handshakeHash());
        assertArrayEquals(state.handshakeHash(), state.chainingKey());
        SymmetricState shortName = new SymmetricState("Noise_NN");
        assertArrayEquals(Arrays.copyOf("Noise_NN".getBytes(StandardCharsets.US_ASCII), 32), shortName.handshakeHash());
        assertFalse(shortName.hasKey(), "no key before the first MixKey: payloads travel in clear");
        assertArrayEquals(new byte[] {1, 2}, shortName.encryptAndHash(new byte[] {1, 2}));
    }

    @Test
    void hkdfIsTheNoiseSpecsHmacChain() {
        byte[] chainingKey = new byte[32];
        random.nextBytes(chainingKey);
        byte[] ikm = new byte[32];
        random.nextBytes(ikm);
        byte[] tempKey = hmac(chainingKey, ikm);
        byte[] output1 = hmac(tempKey, new byte[] {1});
        byte[] output2 = hmac(tempKey, concat(output1, new byte[] {2}));
        byte[][] outputs = SymmetricState.hkdf(chainingKey, ikm);
        assertArrayEquals(output1, outputs[0]);
        assertArrayEquals(output2, outputs[1]);
    }

    @Test
    void nonceIsALittleEndianCounterAndTamperingFailsAuthentication() {
        byte[] key = new byte[32];
        CipherState sender = new CipherState(key);
        CipherState receiver = new CipherState(key);
        byte[] first = sender.encrypt(new byte[0], "one".getBytes(StandardCharsets.UTF_8));
        byte[] second = sender.encrypt(new byte[0], "one".getBytes(StandardCharsets.UTF_8));
        assertFalse(Arrays.equals(first, second), "each message uses the next nonce");
        assertEquals(2, sender.nonce());
        assertArrayEquals("one".getBytes(StandardCharsets.UTF_8), receiver.decrypt(new byte[0], first));
        second[0] ^= 1;
        assertThrows(ProtocolException.class, () -> receiver.decrypt(new byte[0], second));
        assertThrows(ProtocolException.class, () -> receiver.decrypt(new byte[0], new byte[15]));
    }

    @Test
    void transportMessagesAreRfc8439ChaChaPolyWithTheNoiseNonce() throws Exception {
        byte[] key = new byte[32];
        random.nextBytes(key);
        byte[] ad = "handshake hash".getBytes(StandardCharsets.UTF_8);
        CipherState sender = new CipherState(key);
        for (int length : new int[] {0, 1, 63, 64, 65, 1000, NoiseTransportCodec.MAX_PLAINTEXT}) {
            byte[] plaintext = new byte[length];
            random.nextBytes(plaintext);
            long counter = sender.nonce();
            byte[] ciphertext = sender.encrypt(ad, plaintext);
            // BouncyCastle's implementation as the reference, the nonce laid out as noise-libp2p specifies
            byte[] nonce = new byte[12];
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] = (byte) (counter >>> (8 * i));
            }
            ChaCha20Poly1305 reference = new ChaCha20Poly1305();
            reference.init(true, new AEADParameters(new KeyParameter(key), 128, nonce, ad));
            byte[] expected = new byte[length + CipherState.TAG_LENGTH];
            int written = reference.processBytes(plaintext, 0, length, expected, 0);
            reference.doFinal(expected, written);
            assertArrayEquals(expected, ciphertext, "ciphertext and tag of " + length + " bytes");
        }
    }

    @Test
    void handshakeBetweenTwoInstancesAgreesOnKeysAndIdentities() {
        TestIdentity alice = new TestIdentity();
        TestIdentity bob = new TestIdentity();
        NoiseIdentity aliceNoise = new NoiseIdentity(alice, alice.publicKey(), random);
        NoiseIdentity bobNoise = new NoiseIdentity(bob, bob.publicKey(), random);
        HandshakeState initiator = aliceNoise.newHandshake(true);
        HandshakeState responder = bobNoise.newHandshake(false);

        byte[] message1 = initiator.writeMessage(new byte[0]);
        assertEquals(32, message1.length, "-> e with an empty payload");
        responder.readMessage(message1);
        byte[] message2 = responder.writeMessage(bobNoise.payload());
        assertEquals(bob.peerId(), aliceNoise.verify(initiator.readMessage(message2), initiator.remoteStaticKey()));
        byte[] message3 = initiator.writeMessage(aliceNoise.payload());
        assertEquals(alice.peerId(), bobNoise.verify(responder.readMessage(message3), responder.remoteStaticKey()));

        assertTrue(initiator.isComplete() && responder.isComplete());
        assertArrayEquals(initiator.handshakeHash(), responder.handshakeHash());
        CipherState[] a = initiator.split();
        CipherState[] b = responder.split();
        byte[] ciphertext = a[0].encrypt(new byte[0], new byte[] {7});
        assertArrayEquals(new byte[] {7}, b[1].decrypt(new byte[0], ciphertext));
        assertArrayEquals(new byte[] {8}, a[1].decrypt(new byte[0], b[0].encrypt(new byte[0], new byte[] {8})));
    }

    @Test
    void aPayloadSignedForAnotherStaticKeyIsRejected() {
        TestIdentity alice = new TestIdentity();
        NoiseIdentity aliceNoise = new NoiseIdentity(alice, alice.publicKey(), random);
        NoiseIdentity other = new NoiseIdentity(alice, alice.publicKey(), random);
        byte[] someoneElsesKey = other.newHandshake(true).localStaticKey();
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> aliceNoise.verify(aliceNoise.payload(), someoneElsesKey));
        assertTrue(e.getMessage().contains("did not sign"), e.getMessage());
        assertThrows(ProtocolException.class, () -> aliceNoise.verify(new byte[] {1, 2, 3}, someoneElsesKey));
    }

    @Test
    void handshakeHandlerRejectsTheWrongPeer() {
        TestIdentity alice = new TestIdentity();
        TestIdentity bob = new TestIdentity();
        String expected = new TestIdentity().peerId();
        String[] secured = new String[2];
        EmbeddedChannel dialer = new EmbeddedChannel(new NoiseFrameDecoder(), new NoiseHandshakeHandler(
                new NoiseIdentity(alice, alice.publicKey(), random), true, expected, (ctx, id) -> secured[0] = id));
        EmbeddedChannel listener = new EmbeddedChannel(new NoiseFrameDecoder(), new NoiseHandshakeHandler(
                new NoiseIdentity(bob, bob.publicKey(), random), false, null, (ctx, id) -> secured[1] = id));
        pump(dialer, listener);
        ProtocolException e = assertThrows(ProtocolException.class, () -> pump(listener, dialer));
        assertTrue(e.getMessage().contains("dialled " + expected + " but the peer is " + bob.peerId()), e.getMessage());
        dialer.finishAndReleaseAll();
        listener.finishAndReleaseAll();
    }

    @Test
    void transportCodecSplitsLargeWritesIntoMaximalMessages() {
        byte[] key = new byte[32];
        EmbeddedChannel sender = new EmbeddedChannel(new NoiseTransportCodec(new CipherState(key), new CipherState(key)));
        EmbeddedChannel receiver = new EmbeddedChannel(new NoiseFrameDecoder(),
                new NoiseTransportCodec(new CipherState(key), new CipherState(key)));
        byte[] payload = new byte[200_000];
        random.nextBytes(payload);
        sender.writeOutbound(Unpooled.wrappedBuffer(payload));
        ByteBuf wire = sender.readOutbound();
        assertEquals(payload.length + 4 * 18, wire.readableBytes(), "4 messages of at most 65535 bytes");
        assertEquals(0xFFFF, wire.getUnsignedShort(0));
        receiver.writeInbound(wire);
        ByteBuf received = Unpooled.buffer();
        for (ByteBuf part; (part = receiver.readInbound()) != null; ) {
            received.writeBytes(part);
            part.release();
        }
        assertArrayEquals(payload, io.netty.buffer.ByteBufUtil.getBytes(received));
        received.release();
    }

    private static void pump(EmbeddedChannel from, EmbeddedChannel to) {
        for (Object out; (out = from.readOutbound()) != null; ) {
            to.writeInbound(out);
            to.checkException();
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[32];
        mac.doFinal(out, 0);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
