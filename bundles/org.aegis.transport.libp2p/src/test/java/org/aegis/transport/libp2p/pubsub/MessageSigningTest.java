package org.aegis.transport.libp2p.pubsub;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.Optional;
import org.aegis.transport.libp2p.TestIdentity;
import org.aegis.transport.libp2p.multiformats.Base58;
import org.aegis.transport.libp2p.multiformats.PeerIds;
import org.aegis.transport.libp2p.proto.Rpc;
import org.junit.jupiter.api.Test;

class MessageSigningTest {
    private final TestIdentity author = new TestIdentity(7);
    private final MessageSigning signing = new MessageSigning(author);

    @Test
    void theSignatureCoversThePrefixedMessageWithoutSignatureAndKey() {
        Rpc.Message message = signing.sign("t", "data".getBytes(UTF_8), 0x0102030405060708L);
        assertEquals(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), message.getSeqno());
        assertEquals(author.peerId(), Base58.encode(message.getFrom().toByteArray()));
        byte[] body = message.toBuilder().clearSignature().build().toByteArray();
        byte[] signed = new byte["libp2p-pubsub:".length() + body.length];
        System.arraycopy("libp2p-pubsub:".getBytes(UTF_8), 0, signed, 0, 14);
        System.arraycopy(body, 0, signed, 14, body.length);
        assertTrue(author.verify(author.peerId(), signed, message.getSignature().toByteArray()));
        assertEquals(Optional.empty(), signing.rejection(message));
        assertEquals(Optional.empty(),
                signing.rejection(message.toBuilder().setKey(ByteString.copyFrom(author.publicKey())).build()),
                "a key matching the author is accepted");
    }

    @Test
    void eachBrokenFieldHasItsReason() {
        Rpc.Message message = signing.sign("t", "data".getBytes(UTF_8), 1);
        assertEquals(Optional.of("no valid author (from)"), signing.rejection(message.toBuilder().clearFrom().build()));
        assertEquals(Optional.of("seqno is not 8 bytes"),
                signing.rejection(message.toBuilder().setSeqno(ByteString.copyFrom(new byte[4])).build()));
        assertEquals(Optional.of("unsigned"), signing.rejection(message.toBuilder().clearSignature().build()));
        assertEquals(Optional.of("key does not match the author"), signing.rejection(
                message.toBuilder().setKey(ByteString.copyFrom(new TestIdentity(8).publicKey())).build()));
        assertEquals(Optional.of("bad signature"), signing.rejection(message.toBuilder().setTopic("u").build()));
        byte[] flipped = message.getSignature().toByteArray();
        flipped[0] ^= 1;
        assertEquals(Optional.of("bad signature"),
                signing.rejection(message.toBuilder().setSignature(ByteString.copyFrom(flipped)).build()));
        byte[] otherAuthor = PeerIds.toBytes(new TestIdentity(9).peerId());
        assertEquals(Optional.of("bad signature"),
                signing.rejection(message.toBuilder().setFrom(ByteString.copyFrom(otherAuthor)).build()));
        assertTrue(Arrays.equals(MessageSigning.messageId(message).toByteArray(),
                message.getFrom().concat(message.getSeqno()).toByteArray()));
    }
}
