package org.aegis.consensus.pbft;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Map;
import org.aegis.api.identity.NodeIdentity;

/**
 * A real Ed25519 identity (the JDK's provider) named by a short test peer id; verification looks the peer's public key
 * up in a directory shared by the test's nodes, as the real identity reads it from the peer id.
 */
final class TestIdentity implements NodeIdentity {
    private final String peerId;
    private final KeyPair keys;
    private final Map<String, PublicKey> directory;

    TestIdentity(String peerId, Map<String, PublicKey> directory, long seed) {
        this.peerId = peerId;
        this.directory = directory;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            generator.initialize(255, random);
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        directory.put(peerId, keys.getPublic());
    }

    @Override
    public String peerId() {
        return peerId;
    }

    @Override
    public byte[] publicKey() {
        return keys.getPublic().getEncoded();
    }

    @Override
    public byte[] sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(keys.getPrivate());
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean verify(String peer, byte[] data, byte[] sig) {
        PublicKey key = directory.get(peer);
        if (key == null) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(key);
            signature.update(data);
            return signature.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
