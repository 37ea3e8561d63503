package org.aegis.itests.simulation;

import java.util.SplittableRandom;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.transport.libp2p.ProtocolException;
import org.aegis.transport.libp2p.multiformats.PeerIds;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 identity (BouncyCastle) with its libp2p peer id ({@code 12D3KooW…}, encoded by the libp2p transport's
 * multiformats). {@link #verify} reads the key from the peer id, as a node does. The key comes from a seed, so a
 * simulation's validators are the same in every run of that seed.
 */
public final class TestIdentity implements NodeIdentity {
    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final String peerId;
    private final VerifiedSignatures verified;

    /** An identity that checks every signature itself. */
    public TestIdentity(long seed) {
        this(seed, null);
    }

    /** An identity that shares verdicts with the others of its simulation ({@code null}: none). */
    TestIdentity(long seed, VerifiedSignatures verified) {
        this.verified = verified;
        byte[] secret = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) random.nextInt(256);
        }
        privateKey = new Ed25519PrivateKeyParameters(secret);
        publicKey = PeerIds.encodeEd25519(privateKey.generatePublicKey().getEncoded());
        peerId = PeerIds.fromPublicKey(publicKey);
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
    public boolean verify(String peer, byte[] data, byte[] signature) {
        return verified == null ? check(peer, data, signature)
                : verified.verify(peer, data, signature, () -> check(peer, data, signature));
    }

    private static boolean check(String peer, byte[] data, byte[] signature) {
        try {
            byte[] key = PeerIds.ed25519Key(PeerIds.publicKey(peer));
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(key));
            verifier.update(data, 0, data.length);
            return verifier.verifySignature(signature);
        } catch (ProtocolException | IllegalArgumentException e) {
            // not a peer id that embeds an Ed25519 key, or bytes that are not a point of the curve
            return false;
        }
    }

    @Override
    public String toString() {
        return peerId;
    }
}
