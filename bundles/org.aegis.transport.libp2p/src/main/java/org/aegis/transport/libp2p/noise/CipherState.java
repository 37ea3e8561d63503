package org.aegis.transport.libp2p.noise;

import org.aegis.transport.libp2p.ProtocolException;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A Noise {@code CipherState} with ChaChaPoly: a key and a 64-bit counter nonce, encoded as 32 zero bits followed
 * by the counter little-endian. Not thread-safe: each direction of a connection has its own, used on one thread.
 */
public final class CipherState {
    public static final int TAG_LENGTH = 16;
    /** The nonce 2^64-1 is reserved by the Noise spec; reaching it ends the session. */
    private static final long RESERVED_NONCE = -1L;

    private final ChaCha20Poly1305 cipher = new ChaCha20Poly1305();
    private final byte[] nonceBytes = new byte[12];
    private KeyParameter key;
    private long nonce;

    /** Empty: encryption passes plaintext through, as before the first {@code MixKey}. */
    CipherState() {
    }

    CipherState(byte[] key) {
        initializeKey(key);
    }

    void initializeKey(byte[] newKey) {
        key = new KeyParameter(newKey);
        nonce = 0;
    }

    boolean hasKey() {
        return key != null;
    }

    long nonce() {
        return nonce;
    }

    /** Encrypts {@code length} bytes into {@code out} (room for them plus the tag); returns the bytes written. */
    public int encrypt(byte[] ad, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        if (key == null) {
            System.arraycopy(in, inOffset, out, outOffset, length);
            return length;
        }
        init(true, ad);
        int written = cipher.processBytes(in, inOffset, length, out, outOffset);
        try {
            return written + cipher.doFinal(out, outOffset + written);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("ChaChaPoly encryption cannot fail", e);
        }
    }

    /**
     * Decrypts and authenticates {@code length} bytes (ciphertext and tag) into {@code out}; returns the plaintext
     * length. The nonce only advances when the message is authentic.
     *
     * @throws ProtocolException when it is shorter than a tag or fails authentication
     */
    public int decrypt(byte[] ad, byte[] in, int inOffset, int length, byte[] out, int outOffset) {
        if (key == null) {
            System.arraycopy(in, inOffset, out, outOffset, length);
            return length;
        }
        if (length < TAG_LENGTH) {
            throw new ProtocolException("Noise ciphertext of " + length + " bytes is shorter than its tag");
        }
        init(false, ad);
        int written = cipher.processBytes(in, inOffset, length, out, outOffset);
        try {
            return written + cipher.doFinal(out, outOffset + written);
        } catch (InvalidCipherTextException e) {
            nonce--;
            throw new ProtocolException("Noise message failed authentication (nonce " + nonce + ")", e);
        }
    }

    byte[] encrypt(byte[] ad, byte[] plaintext) {
        byte[] out = new byte[plaintext.length + (key == null ? 0 : TAG_LENGTH)];
        encrypt(ad, plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    byte[] decrypt(byte[] ad, byte[] ciphertext) {
        byte[] out = new byte[Math.max(0, ciphertext.length - (key == null ? 0 : TAG_LENGTH))];
        decrypt(ad, ciphertext, 0, ciphertext.length, out, 0);
        return out;
    }

    private void init(boolean forEncryption, byte[] ad) {
        if (nonce == RESERVED_NONCE) {
            throw new ProtocolException("Noise nonces are exhausted; the connection must be closed");
        }
        long n = nonce++;
        for (int i = 0; i < 8; i++) {
            nonceBytes[4 + i] = (byte) (n >>> (8 * i));
        }
        cipher.init(forEncryption, new AEADParameters(key, TAG_LENGTH * 8, nonceBytes, ad));
    }
}
