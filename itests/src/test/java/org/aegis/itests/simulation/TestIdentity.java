package org.aegis.itests.simulation;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.aegis.api.identity.NodeIdentity;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 identity (BouncyCastle) with its libp2p peer id: the base58btc identity multihash of the protobuf
 * {@code PublicKey} message, so {@code 12D3KooW…}. {@link #verify} reads the key from the peer id, as a node does.
 * The key comes from a seed, so a simulation's validators are the same in every run of that seed.
 */
public final class TestIdentity implements NodeIdentity {
    /** Protobuf PublicKey: field 1 (KeyType) = 1 (Ed25519), field 2 (Data) of 32 bytes. */
    private static final byte[] PUBLIC_KEY_PREFIX = {0x08, 0x01, 0x12, 0x20};
    /** Identity multihash: code 0x00, length 36. */
    private static final byte[] MULTIHASH_PREFIX = {0x00, 0x24};
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

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
        publicKey = concat(PUBLIC_KEY_PREFIX, privateKey.generatePublicKey().getEncoded());
        peerId = base58(concat(MULTIHASH_PREFIX, publicKey));
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
        byte[] key = embeddedKey(peer);
        if (key == null) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(key));
        verifier.update(data, 0, data.length);
        return verifier.verifySignature(signature);
    }

    /** The raw Ed25519 key a peer id embeds, or {@code null} when it is not such a peer id. */
    private static byte[] embeddedKey(String peer) {
        byte[] multihash = unbase58(peer);
        int prefix = MULTIHASH_PREFIX.length + PUBLIC_KEY_PREFIX.length;
        if (multihash == null || multihash.length != prefix + Ed25519PublicKeyParameters.KEY_SIZE
                || !Arrays.equals(multihash, 0, prefix, concat(MULTIHASH_PREFIX, PUBLIC_KEY_PREFIX), 0, prefix)) {
            return null;
        }
        return Arrays.copyOfRange(multihash, prefix, multihash.length);
    }

    private static String base58(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        BigInteger value = new BigInteger(1, bytes);
        BigInteger radix = BigInteger.valueOf(58);
        while (value.signum() > 0) {
            BigInteger[] qr = value.divideAndRemainder(radix);
            out.append(BASE58.charAt(qr[1].intValue()));
            value = qr[0];
        }
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }

    private static byte[] unbase58(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return null;
        }
        BigInteger value = BigInteger.ZERO;
        int zeros = 0;
        boolean leading = true;
        for (char ch : text.toCharArray()) {
            int digit = BASE58.indexOf(ch);
            if (digit < 0) {
                return null;
            }
            if (leading && digit == 0) {
                zeros++;
            } else {
                leading = false;
            }
            value = value.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
        int skip = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0;
        byte[] out = new byte[zeros + magnitude.length - skip];
        System.arraycopy(magnitude, skip, out, zeros, magnitude.length - skip);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public String toString() {
        return peerId;
    }
}
