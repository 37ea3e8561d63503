package org.aegis.transport.libp2p.noise;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** The Noise {@code SymmetricState} for SHA-256: chaining key, handshake hash and the handshake's cipher. */
final class SymmetricState {
    static final int HASH_LENGTH = 32;

    private final CipherState cipher = new CipherState();
    private byte[] chainingKey;
    private byte[] hash;

    /** {@code InitializeSymmetric}: a name of at most 32 bytes is zero-padded into h, a longer one hashed. */
    SymmetricState(String protocolName) {
        byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
        hash = name.length <= HASH_LENGTH ? Arrays.copyOf(name, HASH_LENGTH) : sha256(name);
        chainingKey = hash.clone();
    }

    void mixKey(byte[] inputKeyMaterial) {
        byte[][] outputs = hkdf(chainingKey, inputKeyMaterial);
        chainingKey = outputs[0];
        cipher.initializeKey(outputs[1]);
    }

    void mixHash(byte[] data) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(hash, 0, hash.length);
        digest.update(data, 0, data.length);
        byte[] next = new byte[HASH_LENGTH];
        digest.doFinal(next, 0);
        hash = next;
    }

    byte[] encryptAndHash(byte[] plaintext) {
        byte[] ciphertext = cipher.encrypt(hash, plaintext);
        mixHash(ciphertext);
        return ciphertext;
    }

    byte[] decryptAndHash(byte[] ciphertext) {
        byte[] plaintext = cipher.decrypt(hash, ciphertext);
        mixHash(ciphertext);
        return plaintext;
    }

    boolean hasKey() {
        return cipher.hasKey();
    }

    /** {@code Split}: the initiator's sending cipher first, then the responder's. */
    CipherState[] split() {
        byte[][] keys = hkdf(chainingKey, new byte[0]);
        return new CipherState[] {new CipherState(keys[0]), new CipherState(keys[1])};
    }

    byte[] handshakeHash() {
        return hash.clone();
    }

    byte[] chainingKey() {
        return chainingKey.clone();
    }

    /** Noise's {@code HKDF(ck, ikm, 2)}: RFC 5869 with the chaining key as salt and no info. */
    static byte[][] hkdf(byte[] chainingKey, byte[] inputKeyMaterial) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(inputKeyMaterial, chainingKey, null));
        byte[] both = new byte[2 * HASH_LENGTH];
        generator.generateBytes(both, 0, both.length);
        return new byte[][] {Arrays.copyOf(both, HASH_LENGTH), Arrays.copyOfRange(both, HASH_LENGTH, both.length)};
    }

    private static byte[] sha256(byte[] data) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[HASH_LENGTH];
        digest.doFinal(out, 0);
        return out;
    }
}
