package org.aegis.identity;

import java.util.Arrays;
import java.util.Objects;

/**
 * libp2p peer ids of Ed25519 keys (libp2p specs, {@code peer-ids/peer-ids.md}).
 *
 * <p>A peer id is a multihash of the key's {@link PublicKeyProtobuf encoded PublicKey message}. An Ed25519
 * message is 36 bytes, at most 42, so the multihash is the "identity" one: code {@code 0x00}, the length as a
 * varint ({@code 0x24}), then the message itself. Its text form is base58btc, which for every Ed25519 key
 * starts with {@code 12D3KooW}.
 *
 * <p>Parsing accepts exactly that form: a base58btc identity multihash of an Ed25519 key. SHA-256 peer ids
 * ({@code Qm…}, keys longer than 42 bytes such as RSA) do not embed the key and are rejected, as are other key
 * types and the CIDv1 text form.
 */
final class PeerIds {
    /** Multihash code of the identity "hash". */
    static final int IDENTITY_MULTIHASH = 0x00;
    /** Multihash code of SHA2-256. */
    static final int SHA2_256_MULTIHASH = 0x12;
    /** Encoded public keys up to this length are inlined with the identity multihash. */
    static final int MAX_INLINED_KEY_LENGTH = 42;

    /** The multihash of an Ed25519 key: code, one-byte length, message. */
    private static final int MULTIHASH_LENGTH = 2 + PublicKeyProtobuf.ENCODED_LENGTH;
    /** Longer text cannot be an Ed25519 peer id (which is 52 characters); checked before decoding. */
    private static final int MAX_TEXT_LENGTH = 64;

    private PeerIds() {
    }

    /** The peer id ({@code 12D3KooW…}) of a raw 32-byte Ed25519 public key. */
    static String fromEd25519PublicKey(byte[] rawKey) {
        byte[] message = PublicKeyProtobuf.encodeEd25519(rawKey);
        byte[] multihash = new byte[MULTIHASH_LENGTH];
        multihash[0] = IDENTITY_MULTIHASH;
        multihash[1] = (byte) message.length; // varint: the length is below 0x80, so one byte
        System.arraycopy(message, 0, multihash, 2, message.length);
        return Base58.encode(multihash);
    }

    /**
     * The raw 32-byte Ed25519 public key that a peer id embeds.
     *
     * @throws IllegalArgumentException if {@code peerId} is not the base58btc identity multihash of an Ed25519
     *                                  public key; the message says what is wrong with it
     */
    static byte[] toEd25519PublicKey(String peerId) {
        Objects.requireNonNull(peerId, "peerId");
        if (peerId.isEmpty()) {
            throw new IllegalArgumentException("empty peer id");
        }
        if (peerId.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("peer id of " + peerId.length() + " characters is too long for an "
                    + "Ed25519 peer id");
        }
        byte[] multihash = Base58.decode(peerId);
        if (multihash.length < 2) {
            throw new IllegalArgumentException("peer id is too short to be a multihash");
        }
        int code = multihash[0] & 0xff;
        if (code == SHA2_256_MULTIHASH) {
            throw new IllegalArgumentException("peer id is a SHA2-256 multihash: it does not embed its public key "
                    + "(only Ed25519 peer ids, identity multihashes, are accepted)");
        }
        if (code != IDENTITY_MULTIHASH) {
            throw new IllegalArgumentException(
                    "peer id has multihash code 0x" + Integer.toHexString(code) + ", expected identity (0x00)");
        }
        int declaredLength = multihash[1] & 0xff;
        if (declaredLength > MAX_INLINED_KEY_LENGTH) {
            // also catches a multi-byte length varint (first byte >= 0x80)
            throw new IllegalArgumentException("identity multihash declares " + declaredLength
                    + " bytes, more than the " + MAX_INLINED_KEY_LENGTH + " a peer id may inline");
        }
        int actualLength = multihash.length - 2;
        if (declaredLength != actualLength) {
            throw new IllegalArgumentException("identity multihash declares " + declaredLength
                    + " bytes but carries " + actualLength);
        }
        return PublicKeyProtobuf.decodeEd25519(Arrays.copyOfRange(multihash, 2, multihash.length));
    }
}
