package org.aegis.testing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Arrays;
import org.aegis.api.identity.NodeIdentity;

/**
 * A node identity for a plugin's unit tests: the peer id it is given and a fresh Ed25519 key that really signs. It
 * verifies its own signatures; every other peer's signature is refused (it knows no other keys).
 */
public final class FakeNodeIdentity implements NodeIdentity {
    /** libp2p's protobuf PublicKey header for a 32-byte Ed25519 key: field 1 = 1 (Ed25519), field 2 = 32 bytes. */
    private static final byte[] ED25519_KEY_HEADER = {0x08, 0x01, 0x12, 0x20};
    private final String peerId;
    private final KeyPair keys;

    public FakeNodeIdentity(String peerId) {
        this.peerId = peerId;
        try {
            this.keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    @Override
    public String peerId() {
        return peerId;
    }

    @Override
    public byte[] publicKey() {
        byte[] x509 = keys.getPublic().getEncoded();
        byte[] key = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        byte[] encoded = Arrays.copyOf(ED25519_KEY_HEADER, ED25519_KEY_HEADER.length + key.length);
        System.arraycopy(key, 0, encoded, ED25519_KEY_HEADER.length, key.length);
        return encoded;
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean verify(String signer, byte[] data, byte[] signature) {
        if (!peerId.equals(signer) || data == null || signature == null) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(keys.getPublic());
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
