package org.aegis.transport.libp2p.pubsub;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.transport.libp2p.ProtocolException;
import org.aegis.transport.libp2p.multiformats.Base58;
import org.aegis.transport.libp2p.multiformats.PeerIds;
import org.aegis.transport.libp2p.proto.Rpc;

/**
 * The StrictSign policy of the pubsub spec: our messages carry from, seqno and an Ed25519 signature over
 * {@code "libp2p-pubsub:"} followed by the message's protobuf without signature and key; a received message must
 * carry all of them and verify, or it is rejected. Ed25519 keys are inlined in the peer id, so we omit {@code key};
 * a received {@code key} must be the one {@code from} names.
 */
final class MessageSigning {
    static final int SEQNO_LENGTH = 8;
    /** Peer ids are multihashes of at most 42 key bytes or of a 32-byte digest, plus two header bytes. */
    private static final int MAX_PEER_ID_LENGTH = 44;
    private static final byte[] PREFIX = "libp2p-pubsub:".getBytes(StandardCharsets.US_ASCII);

    private final NodeIdentity identity;
    private final ByteString self;

    MessageSigning(NodeIdentity identity) {
        this.identity = identity;
        this.self = ByteString.copyFrom(PeerIds.toBytes(identity.peerId()));
    }

    ByteString self() {
        return self;
    }

    Rpc.Message sign(String topic, byte[] data, long seqno) {
        Rpc.Message unsigned = Rpc.Message.newBuilder()
                .setFrom(self)
                .setData(ByteString.copyFrom(data))
                .setSeqno(ByteString.copyFrom(ByteBuffer.allocate(SEQNO_LENGTH).putLong(seqno).array()))
                .setTopic(topic)
                .build();
        byte[] signature = identity.sign(signedBytes(unsigned));
        return unsigned.toBuilder().setSignature(ByteString.copyFrom(signature)).build();
    }

    /** Why {@code message} must be rejected, or empty when it is properly signed by its author. */
    Optional<String> rejection(Rpc.Message message) {
        if (!message.hasFrom() || message.getFrom().isEmpty() || message.getFrom().size() > MAX_PEER_ID_LENGTH) {
            return Optional.of("no valid author (from)");
        }
        if (!message.hasSeqno() || message.getSeqno().size() != SEQNO_LENGTH) {
            return Optional.of("seqno is not " + SEQNO_LENGTH + " bytes");
        }
        if (!message.hasSignature()) {
            return Optional.of("unsigned");
        }
        byte[] from = message.getFrom().toByteArray();
        if (message.hasKey() && !keyNames(message.getKey().toByteArray(), from)) {
            return Optional.of("key does not match the author");
        }
        byte[] signed = signedBytes(message.toBuilder().clearSignature().clearKey().build());
        if (!identity.verify(Base58.encode(from), signed, message.getSignature().toByteArray())) {
            return Optional.of("bad signature");
        }
        return Optional.empty();
    }

    /** The spec's default message id: the author's peer id followed by the seqno. */
    static ByteString messageId(Rpc.Message message) {
        return message.getFrom().concat(message.getSeqno());
    }

    private static byte[] signedBytes(Rpc.Message withoutSignature) {
        byte[] body = withoutSignature.toByteArray();
        byte[] signed = new byte[PREFIX.length + body.length];
        System.arraycopy(PREFIX, 0, signed, 0, PREFIX.length);
        System.arraycopy(body, 0, signed, PREFIX.length, body.length);
        return signed;
    }

    /** Whether {@code protobufKey} is the Ed25519 key that the author's peer id embeds. */
    private static boolean keyNames(byte[] protobufKey, byte[] author) {
        try {
            return PeerIds.fromPublicKey(protobufKey).equals(Base58.encode(author));
        } catch (ProtocolException notEd25519) {
            return false;
        }
    }
}
