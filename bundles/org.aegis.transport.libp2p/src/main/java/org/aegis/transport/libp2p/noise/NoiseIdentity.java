package org.aegis.transport.libp2p.noise;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.transport.libp2p.ProtocolException;
import org.aegis.transport.libp2p.multiformats.PeerIds;
import org.aegis.transport.libp2p.proto.Noise.NoiseHandshakePayload;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

/**
 * This node's side of noise-libp2p: a static X25519 key made when the transport starts (never stored) and the
 * handshake payload that binds it to the node's Ed25519 identity; and the check of a remote's payload.
 */
public final class NoiseIdentity {
    private static final byte[] SIGNATURE_PREFIX = "noise-libp2p-static-key:".getBytes(StandardCharsets.UTF_8);

    private final NodeIdentity identity;
    private final SecureRandom random;
    private final X25519PrivateKeyParameters staticKey;
    private final byte[] staticPublicKey;
    private final byte[] payload;

    public NoiseIdentity(NodeIdentity identity, byte[] publicKeyProtobuf, SecureRandom random) {
        this.identity = identity;
        this.random = random;
        this.staticKey = new X25519PrivateKeyParameters(random);
        this.staticPublicKey = staticKey.generatePublicKey().getEncoded();
        byte[] signature = identity.sign(signedData(staticPublicKey));
        this.payload = NoiseHandshakePayload.newBuilder().setIdentityKey(ByteString.copyFrom(publicKeyProtobuf))
                .setIdentitySig(ByteString.copyFrom(signature)).build().toByteArray();
    }

    /** A handshake for one connection, with a fresh ephemeral key. */
    public HandshakeState newHandshake(boolean initiator) {
        return new HandshakeState(initiator, new byte[0], staticKey, staticPublicKey,
                new X25519PrivateKeyParameters(random));
    }

    /** The payload of this side's handshake message 2 or 3. */
    byte[] payload() {
        return payload.clone();
    }

    /**
     * The peer id proven by a remote's handshake payload for its static Noise key.
     *
     * @throws ProtocolException when the payload is malformed, its key is not Ed25519, or the signature is invalid
     */
    String verify(byte[] remotePayload, byte[] remoteStaticKey) {
        NoiseHandshakePayload parsed;
        try {
            parsed = NoiseHandshakePayload.parseFrom(remotePayload);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException("malformed Noise handshake payload: " + e.getMessage(), e);
        }
        if (!parsed.hasIdentityKey() || !parsed.hasIdentitySig()) {
            throw new ProtocolException("Noise handshake payload lacks the identity key or its signature");
        }
        String peerId = PeerIds.fromPublicKey(parsed.getIdentityKey().toByteArray());
        boolean valid;
        try {
            valid = identity.verify(peerId, signedData(remoteStaticKey), parsed.getIdentitySig().toByteArray());
        } catch (RuntimeException e) {
            // the identity service promises false for bad keys; should one throw anyway, the peer is still refused
            throw new ProtocolException("peer " + peerId + " has an unusable identity key: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new ProtocolException("peer " + peerId + " did not sign its Noise static key correctly");
        }
        return peerId;
    }

    private static byte[] signedData(byte[] staticPublicKey) {
        byte[] data = new byte[SIGNATURE_PREFIX.length + staticPublicKey.length];
        System.arraycopy(SIGNATURE_PREFIX, 0, data, 0, SIGNATURE_PREFIX.length);
        System.arraycopy(staticPublicKey, 0, data, SIGNATURE_PREFIX.length, staticPublicKey.length);
        return data;
    }
}
