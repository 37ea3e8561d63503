package org.aegis.transport.libp2p.noise;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.aegis.transport.libp2p.ProtocolException;

/**
 * A Noise {@code CipherState} with ChaChaPoly: a key and a 64-bit counter nonce, encoded as 32 zero bits followed
 * by the counter little-endian. The AEAD is the JDK's ChaCha20-Poly1305 (RFC 8439), which encrypts and decrypts
 * about 1.7 times as fast as BouncyCastle's pure-Java one; the transport's throughput is mostly this cipher. Not
 * thread-safe: each direction of a connection has its own, used on one thread.
 */
public final class CipherState {
    public static final int TAG_LENGTH = 16;
    /** The nonce 2^64-1 is reserved by the Noise spec; reaching it ends the session. */
    private static final long RESERVED_NONCE = -1L;
    private static final String TRANSFORMATION = "ChaCha20-Poly1305";

    private final Cipher cipher;
    private final byte[] nonceBytes = new byte[12];
    private SecretKeySpec key;
    private long nonce;

    /** Empty: encryption passes plaintext through, as before the first {@code MixKey}. */
    CipherState() {
        try {
            cipher = Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides no " + TRANSFORMATION + " cipher", e);
        }
    }

    CipherState(byte[] key) {
        this();
        initializeKey(key);
    }

    void initializeKey(byte[] newKey) {
        key = new SecretKeySpec(newKey, "ChaCha20");
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
        try {
            init(Cipher.ENCRYPT_MODE, ad);
            return cipher.doFinal(in, inOffset, length, out, outOffset);
        } catch (GeneralSecurityException e) {
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
        try {
            init(Cipher.DECRYPT_MODE, ad);
            return cipher.doFinal(in, inOffset, length, out, outOffset);
        } catch (AEADBadTagException e) {
            nonce--;
            throw new ProtocolException("Noise message failed authentication (nonce " + nonce + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ChaChaPoly decryption failed other than by authentication", e);
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

    private void init(int mode, byte[] ad) throws GeneralSecurityException {
        if (nonce == RESERVED_NONCE) {
            throw new ProtocolException("Noise nonces are exhausted; the connection must be closed");
        }
        long n = nonce++;
        for (int i = 0; i < 8; i++) {
            nonceBytes[4 + i] = (byte) (n >>> (8 * i));
        }
        cipher.init(mode, key, new IvParameterSpec(nonceBytes));
        if (ad.length > 0) {
            cipher.updateAAD(ad);
        }
    }
}
