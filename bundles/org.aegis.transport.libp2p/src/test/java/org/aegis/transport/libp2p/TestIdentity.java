package org.aegis.transport.libp2p;

import java.security.SecureRandom;
import java.util.Arrays;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.transport.libp2p.multiformats.PeerIds;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** A node identity with an Ed25519 key, fresh or derived from a seed (the same seed, the same peer id), for tests. */
public final class TestIdentity implements NodeIdentity {
    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final String peerId;

    public TestIdentity() {
        this(new Ed25519PrivateKeyParameters(new SecureRandom()));
    }

    public TestIdentity(int seed) {
        this(new Ed25519PrivateKeyParameters(seedBytes(seed)));
    }

    private TestIdentity(Ed25519PrivateKeyParameters privateKey) {
        this.privateKey = privateKey;
        this.publicKey = PeerIds.encodeEd25519(privateKey.generatePublicKey().getEncoded());
        this.peerId = PeerIds.fromPublicKey(publicKey);
    }

    private static byte[] seedBytes(int seed) {
        byte[] secret = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
        Arrays.fill(secret, (byte) seed);
        secret[0] = (byte) (seed >> 8);
        return secret;
    }

    @Override
    public String peerId() {
        return peerId;
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public byte[] sign(byte[] data) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(data, 0, data.length);
        return signer.generateSignature();
    }

    @Override
    public boolean verify(String peerId, byte[] data, byte[] signature) {
        try {
            byte[] key = PeerIds.ed25519Key(PeerIds.publicKey(peerId));
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(key, 0));
            verifier.update(data, 0, data.length);
            return verifier.verifySignature(signature);
        } catch (ProtocolException | IllegalArgumentException e) {
            // a malformed peer id, or bytes that are not a point of the curve
            return false;
        }
    }
}
