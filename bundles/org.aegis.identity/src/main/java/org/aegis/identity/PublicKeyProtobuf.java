package org.aegis.identity;

import java.util.Arrays;
import java.util.Objects;

/**
 * libp2p's {@code PublicKey} protobuf message for an Ed25519 key, in the deterministic encoding the peer-ids
 * spec requires (fields in tag order, minimal varints, both fields present, no others):
 *
 * <pre>
 * message PublicKey {
 *   required KeyType Type = 1;   // Ed25519 = 1
 *   required bytes Data = 2;     // the 32-byte raw Ed25519 public key
 * }
 * </pre>
 *
 * For Ed25519 that is always the 36 bytes {@code 08 01 12 20 <key>}, so it is written and read by hand.
 */
final class PublicKeyProtobuf {
    /** Raw Ed25519 public key length. */
    static final int ED25519_KEY_LENGTH = 32;
    /** {@code KeyType.Ed25519}. */
    static final int KEY_TYPE_ED25519 = 1;
    /** Length of the encoded message: two tags, the type, the data length and the key. */
    static final int ENCODED_LENGTH = 4 + ED25519_KEY_LENGTH;

    private static final int WIRE_TYPE_VARINT = 0;
    private static final int WIRE_TYPE_LENGTH_DELIMITED = 2;
    /** Field 1 ({@code Type}), varint. */
    private static final byte TYPE_TAG = (byte) (1 << 3 | WIRE_TYPE_VARINT);
    /** Field 2 ({@code Data}), length-delimited. */
    private static final byte DATA_TAG = (byte) (2 << 3 | WIRE_TYPE_LENGTH_DELIMITED);

    private PublicKeyProtobuf() {
    }

    /** The encoded {@code PublicKey} message of a raw 32-byte Ed25519 public key. */
    static byte[] encodeEd25519(byte[] rawKey) {
        Objects.requireNonNull(rawKey, "rawKey");
        if (rawKey.length != ED25519_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "an Ed25519 public key is " + ED25519_KEY_LENGTH + " bytes, not " + rawKey.length);
        }
        byte[] message = new byte[ENCODED_LENGTH];
        message[0] = TYPE_TAG;
        message[1] = KEY_TYPE_ED25519; // varint, one byte
        message[2] = DATA_TAG;
        message[3] = ED25519_KEY_LENGTH; // varint, one byte
        System.arraycopy(rawKey, 0, message, 4, ED25519_KEY_LENGTH);
        return message;
    }

    /**
     * The raw 32-byte Ed25519 public key in an encoded {@code PublicKey} message.
     *
     * @throws IllegalArgumentException if {@code message} is not the deterministic encoding of an Ed25519 key
     */
    static byte[] decodeEd25519(byte[] message) {
        Objects.requireNonNull(message, "message");
        if (message.length < 2 || message[0] != TYPE_TAG) {
            throw new IllegalArgumentException("not a libp2p PublicKey: it does not start with the Type field");
        }
        if (message[1] != KEY_TYPE_ED25519) {
            throw new IllegalArgumentException(
                    "libp2p PublicKey of key type " + keyTypeName(message[1]) + ", only Ed25519 is accepted");
        }
        if (message.length < 4 || message[2] != DATA_TAG || message[3] != ED25519_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "not a deterministic libp2p Ed25519 PublicKey: expected a 32-byte Data field after the Type");
        }
        if (message.length != ENCODED_LENGTH) {
            throw new IllegalArgumentException("libp2p Ed25519 PublicKey is " + message.length + " bytes, expected "
                    + ENCODED_LENGTH + " (trailing or missing bytes)");
        }
        return Arrays.copyOfRange(message, 4, ENCODED_LENGTH);
    }

    private static String keyTypeName(byte type) {
        switch (type) {
            case 0:
                return "RSA (0)";
            case 2:
                return "Secp256k1 (2)";
            case 3:
                return "ECDSA (3)";
            default:
                return "0x" + Integer.toHexString(type & 0xff);
        }
    }
}
