package org.aegis.transport.libp2p.pubsub;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Peer ids between their wire form (a multihash of the protobuf public key) and their text form (base58btc), and
 * the check that a message's {@code key} belongs to its {@code from}. The connection stack needs the same
 * conversions; the lead may merge the two copies.
 */
final class PeerIds {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);
    /** The peer-id spec inlines keys of at most 42 bytes with the identity multihash, else hashes with sha2-256. */
    private static final int MAX_INLINE_KEY_LENGTH = 42;
    private static final int IDENTITY = 0x00;
    private static final int SHA2_256 = 0x12;

    private PeerIds() {
    }

    /** The base58btc text of a binary peer id. */
    static String toBase58(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        BigInteger value = new BigInteger(1, bytes);
        while (value.signum() > 0) {
            BigInteger[] quotientAndRemainder = value.divideAndRemainder(BASE);
            text.append(ALPHABET.charAt(quotientAndRemainder[1].intValue()));
            value = quotientAndRemainder[0];
        }
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            text.append(ALPHABET.charAt(0));
        }
        return text.reverse().toString();
    }

    /** The binary peer id of base58btc text; an {@link IllegalArgumentException} for a non-alphabet character. */
    static byte[] fromBase58(String text) {
        BigInteger value = BigInteger.ZERO;
        int leadingZeros = 0;
        boolean leading = true;
        for (int i = 0; i < text.length(); i++) {
            int digit = ALPHABET.indexOf(text.charAt(i));
            if (digit < 0) {
                throw new IllegalArgumentException("not base58btc: '" + text.charAt(i) + "' at " + i);
            }
            if (leading && digit == 0) {
                leadingZeros++;
            } else {
                leading = false;
            }
            value = value.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
        int signByte = magnitude.length > 1 && magnitude[0] == 0 ? 1 : 0;
        byte[] bytes = new byte[leadingZeros + magnitude.length - signByte];
        System.arraycopy(magnitude, signByte, bytes, leadingZeros, magnitude.length - signByte);
        return bytes;
    }

    /** The binary peer id of a protobuf-encoded public key. */
    static byte[] fromPublicKey(byte[] protobufKey) {
        ByteArrayOutputStream id = new ByteArrayOutputStream();
        if (protobufKey.length <= MAX_INLINE_KEY_LENGTH) {
            id.write(IDENTITY);
            id.write(protobufKey.length);
            id.writeBytes(protobufKey);
        } else {
            id.write(SHA2_256);
            id.write(32);
            id.writeBytes(sha256(protobufKey));
        }
        return id.toByteArray();
    }

    /** Whether {@code protobufKey} is the key {@code peerId} names. */
    static boolean matches(byte[] peerId, byte[] protobufKey) {
        return Arrays.equals(peerId, fromPublicKey(protobufKey));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
