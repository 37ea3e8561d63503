package org.aegis.consensus.pbft.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.aegis.api.consensus.Proposal;
import org.aegis.consensus.pbft.message.Message.Checkpoint;
import org.aegis.consensus.pbft.message.Message.Commit;
import org.aegis.consensus.pbft.message.Message.CommittedProof;
import org.aegis.consensus.pbft.message.Message.Entry;
import org.aegis.consensus.pbft.message.Message.ExecutedSlot;
import org.aegis.consensus.pbft.message.Message.FetchState;
import org.aegis.consensus.pbft.message.Message.NewView;
import org.aegis.consensus.pbft.message.Message.PrePrepare;
import org.aegis.consensus.pbft.message.Message.Prepare;
import org.aegis.consensus.pbft.message.Message.PreparedProof;
import org.aegis.consensus.pbft.message.Message.Request;
import org.aegis.consensus.pbft.message.Message.StateReply;
import org.aegis.consensus.pbft.message.Message.Outcome;
import org.aegis.consensus.pbft.message.Message.Reply;
import org.aegis.consensus.pbft.message.Message.Suspect;
import org.aegis.consensus.pbft.message.Message.ViewChange;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    /** A stand-in signature: the codec does not check signatures, the replica does. */
    private static Signed signed(String sender, Message m) {
        return Signed.sign(sender, m, data -> Arrays.copyOf(data, 64));
    }

    static List<Message> samples() {
        Proposal proposal = new Proposal("p-1", "config", new byte[] {1, 2, 3}, "operator");
        Signed request = signed("a", new Request(proposal));
        Digest d = Digests.sha256(new byte[] {9});
        Signed prePrepare = signed("a", PrePrepare.of(2, 7, List.of(request)));
        Signed prepare = signed("b", new Prepare(2, 7, PrePrepare.of(2, 7, List.of(request)).digest()));
        Signed checkpoint = signed("c", new Checkpoint(4, d));
        Signed viewChange = signed("b", new ViewChange(3, 4, d, List.of(checkpoint),
                List.of(new PreparedProof(prePrepare, List.of(prepare)))));
        Signed newView = signed("d", new NewView(3, List.of(viewChange), List.of(prePrepare)));
        Signed traced = signed("b", new Request(proposal, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
        return List.of(new Request(proposal), new Request(proposal, "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
                PrePrepare.of(2, 7, List.of(request, traced)), new Prepare(2, 7, d),
                new Commit(2, 7, d), new Checkpoint(4, d), new ViewChange(3, 0, Digests.GENESIS, List.of(), List.of()),
                new ViewChange(3, 4, d, List.of(checkpoint), List.of(new PreparedProof(prePrepare, List.of(prepare)))),
                new NewView(3, List.of(viewChange), List.of(prePrepare)), new FetchState(5, 1), new Suspect(6),
                new StateReply(List.of(checkpoint), List.of(new ExecutedSlot(4, List.of(new Entry("a", proposal)))),
                        List.of(new CommittedProof(prePrepare, List.of(signed("b", new Commit(2, 7, d))))), newView),
                new StateReply(List.of(), List.of(), List.of(), null),
                new Reply(List.of(new Outcome("p-1", 12, Digests.entry(new Entry("a", proposal))),
                        new Outcome("p-2", 13, d))),
                new Reply(List.of()));
    }

    @Test
    void everyMessageSurvivesARoundTrip() throws MalformedMessageException {
        for (Message m : samples()) {
            Signed original = signed("sender", m);
            byte[] frame = MessageCodec.encode(original);
            Signed decoded = MessageCodec.decode(frame);
            assertEquals(original, decoded, m.getClass().getSimpleName());
            assertArrayEquals(frame, MessageCodec.encode(decoded), "the encoding is canonical");
            assertEquals(m.getClass(), decoded.message().getClass());
        }
    }

    @Test
    void truncatedFramesAreRejectedAtEveryLength() {
        for (Message m : samples()) {
            byte[] frame = MessageCodec.encode(signed("s", m));
            for (int length = 0; length < frame.length; length++) {
                byte[] cut = Arrays.copyOf(frame, length);
                assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(cut),
                        m.getClass().getSimpleName() + " cut at " + length);
            }
        }
    }

    @Test
    void trailingBytesAreRejected() {
        byte[] frame = MessageCodec.encode(signed("s", new FetchState(1, 0)));
        byte[] longer = Arrays.copyOf(frame, frame.length + 1);
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(longer));
        assertTrue(e.getMessage().contains("trailing"), e.getMessage());
    }

    @Test
    void limitsAreEnforcedWithAClearError() {
        byte[] payload = new byte[MessageCodec.MAX_PAYLOAD_BYTES + 1];
        byte[] frame = MessageCodec.encode(signed("s", new Request(new Proposal("id", "k", payload, "p"))));
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(frame));
        assertTrue(e.getMessage().contains("proposal payload") && e.getMessage().contains("limit"), e.getMessage());
    }

    @Test
    void aTraceContextIsBoundedAndLeavesUntracedRequestsAsTheyWere() {
        Proposal proposal = new Proposal("id", "k", new byte[] {1}, "p");
        byte[] frame = MessageCodec.encode(signed("s", new Request(proposal, "x".repeat(
                MessageCodec.MAX_TRACEPARENT_BYTES + 1))));
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(frame));
        assertTrue(e.getMessage().contains("traceparent"), e.getMessage());
        // requests signed before tracing existed keep their bytes, so their digests in stored certificates hold
        assertEquals(1, MessageCodec.encodeBody(new Request(proposal))[0]);
        assertEquals(11, MessageCodec.encodeBody(new Request(proposal, "00-01-02-01"))[0]);
    }

    @Test
    void aNestedMessageOfTheWrongTypeIsRejected() {
        // A pre-prepare whose batch holds a prepare instead of a request.
        Signed notARequest = signed("a", new Prepare(0, 1, Digests.GENESIS));
        WireWriter w = new WireWriter().u8(2).u64(0).u64(1).u16(1);
        MessageCodec.writeSigned(w, notARequest);
        byte[] body = w.toByteArray();
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> MessageCodec.decodeBody(body));
        assertTrue(e.getMessage().contains("Request was expected"), e.getMessage());
    }

    @Test
    void unknownTypesVersionsAndHugeCountersAreRejected() {
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decodeBody(new byte[] {42}));
        byte[] frame = MessageCodec.encode(signed("s", new FetchState(1, 0)));
        frame[0] = 9;
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(frame));
        byte[] body = new WireWriter().u8(8).u64(-1).u64(0).toByteArray();
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> MessageCodec.decodeBody(body));
        assertTrue(e.getMessage().contains("from sequence"), e.getMessage());
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] body = new WireWriter().u8(1).u16(2).raw(new byte[] {(byte) 0xC3, (byte) 0x28}).toByteArray();
        assertThrows(MalformedMessageException.class, () -> MessageCodec.decodeBody(body));
    }
}
