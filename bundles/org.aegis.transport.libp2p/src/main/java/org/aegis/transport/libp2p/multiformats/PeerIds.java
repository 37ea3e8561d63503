package org.aegis.transport.libp2p.multiformats;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Arrays;
import org.aegis.transport.libp2p.ProtocolException;
import org.aegis.transport.libp2p.proto.Keys;

/**
 * Peer ids per the libp2p peer-id spec, for Ed25519 keys: the identity multihash of the protobuf {@code PublicKey},
 * written in base58btc ({@code 12D3KooW…}).
 */
public final class PeerIds {
    private static final int IDENTITY_MULTIHASH = 0x00;
    private static final int SHA2_256_MULTIHASH = 0x12;
    private static final int ED25519_KEY_LENGTH = 32;
    /** Keys longer than this are hashed with SHA-256 instead of inlined; an Ed25519 key (36 bytes) never is. */
    private static final int MAX_INLINE_KEY_LENGTH = 42;

    private PeerIds() {
    }

    /** The peer id of a protobuf-encoded Ed25519 {@code PublicKey}. */
    public static String fromPublicKey(byte[] protobufPublicKey) {
        ed25519Key(protobufPublicKey);
        byte[] multihash = new byte[2 + protobufPublicKey.length];
        multihash[0] = IDENTITY_MULTIHASH;
        multihash[1] = (byte) protobufPublicKey.length;
        System.arraycopy(protobufPublicKey, 0, multihash, 2, protobufPublicKey.length);
        return Base58.encode(multihash);
    }

    /** The protobuf {@code PublicKey} of a raw 32-byte Ed25519 public key. */
    public static byte[] encodeEd25519(byte[] rawPublicKey) {
        if (rawPublicKey.length != ED25519_KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + rawPublicKey.length);
        }
        return Keys.PublicKey.newBuilder().setType(Keys.KeyType.Ed25519)
                .setData(com.google.protobuf.ByteString.copyFrom(rawPublicKey)).build().toByteArray();
    }

    /**
     * The raw 32-byte Ed25519 key inside a protobuf {@code PublicKey}.
     *
     * @throws ProtocolException when it is not a well-formed Ed25519 public key
     */
    public static byte[] ed25519Key(byte[] protobufPublicKey) {
        Keys.PublicKey key;
        try {
            key = Keys.PublicKey.parseFrom(protobufPublicKey);
        } catch (InvalidProtocolBufferException e) {
            throw new ProtocolException("malformed public key protobuf: " + e.getMessage(), e);
        }
        if (key.getType() != Keys.KeyType.Ed25519) {
            throw new ProtocolException("unsupported public key type " + key.getType() + ": only Ed25519 is accepted");
        }
        if (key.getData().size() != ED25519_KEY_LENGTH) {
            throw new ProtocolException("an Ed25519 public key has 32 bytes, not " + key.getData().size());
        }
        byte[] raw = key.getData().toByteArray();
        // the peer id is derived from these exact bytes, so only the one deterministic encoding is accepted
        if (!Arrays.equals(encodeEd25519(raw), protobufPublicKey)) {
            throw new ProtocolException("public key protobuf is not in its deterministic encoding");
        }
        return raw;
    }

    /**
     * The multihash bytes of a peer id in text form, checked to be an Ed25519 identity multihash.
     *
     * @throws ProtocolException when it is not
     */
    public static byte[] toBytes(String peerId) {
        byte[] multihash;
        try {
            multihash = Base58.decode(peerId);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("peer id '" + peerId + "' is not base58btc: " + e.getMessage(), e);
        }
        publicKeyOf(multihash, peerId);
        return multihash;
    }

    /** The text form of a peer id given as multihash bytes (as in a binary {@code /p2p} multiaddr component). */
    public static String fromBytes(byte[] multihash) {
        String peerId = Base58.encode(multihash);
        publicKeyOf(multihash, peerId);
        return peerId;
    }

    /** The protobuf {@code PublicKey} that a peer id embeds. */
    public static byte[] publicKey(String peerId) {
        return publicKeyOf(toBytes(peerId), peerId);
    }

    private static byte[] publicKeyOf(byte[] multihash, String peerId) {
        if (multihash.length < 2) {
            throw new ProtocolException("peer id '" + peerId + "' is too short to be a multihash");
        }
        if (multihash[0] == SHA2_256_MULTIHASH) {
            throw new ProtocolException("peer id '" + peerId + "' hashes its key (RSA or another large key type);"
                    + " only Ed25519 peers are supported");
        }
        if (multihash[0] != IDENTITY_MULTIHASH) {
            throw new ProtocolException("peer id '" + peerId + "' is not an identity multihash");
        }
        int length = multihash[1] & 0xFF;
        if (length > MAX_INLINE_KEY_LENGTH || length != multihash.length - 2) {
            throw new ProtocolException("peer id '" + peerId + "' has a multihash length that does not match its bytes");
        }
        byte[] key = Arrays.copyOfRange(multihash, 2, multihash.length);
        ed25519Key(key);
        return key;
    }
}
