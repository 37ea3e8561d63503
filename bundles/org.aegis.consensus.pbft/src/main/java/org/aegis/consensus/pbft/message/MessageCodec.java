package org.aegis.consensus.pbft.message;

import java.util.ArrayList;
import java.util.List;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ValidatorSetChange;
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
import org.aegis.consensus.pbft.message.Message.Outcome;
import org.aegis.consensus.pbft.message.Message.Reply;
import org.aegis.consensus.pbft.message.Message.Request;
import org.aegis.consensus.pbft.message.Message.StateReply;
import org.aegis.consensus.pbft.message.Message.Suspect;
import org.aegis.consensus.pbft.message.Message.ViewChange;

/**
 * The binary encoding of the PBFT messages. A frame is a signed envelope: version (u8 = 1), sender (string), body
 * (bytes), signature (bytes). A body is a type byte and the message's fields, big-endian; strings carry a u16 length,
 * byte fields a u32 length, lists a u16 count, digests are 32 raw bytes. Every length has a limit, a nested envelope
 * must hold the one message type its position allows (so nesting is at most four deep), and the decoder rejects
 * anything truncated, over a limit or followed by trailing bytes with a {@link MalformedMessageException} that says
 * what and where.
 */
public final class MessageCodec {
    public static final int VERSION = 1;
    /** Largest frame accepted from the wire. */
    public static final int MAX_FRAME_BYTES = 64 << 20;
    /** A peer id is ASCII, so its characters are its bytes. */
    public static final int MAX_PEER_ID_BYTES = ValidatorSetChange.MAX_PEER_ID_LENGTH;
    public static final int MAX_SIGNATURE_BYTES = 128;
    public static final int MAX_PROPOSAL_ID_BYTES = 256;
    public static final int MAX_KIND_BYTES = 64;
    public static final int MAX_PROPOSER_BYTES = 256;
    public static final int MAX_PAYLOAD_BYTES = 256 << 10;
    /** A W3C traceparent is 55 characters; room for a later version's longer form. */
    public static final int MAX_TRACEPARENT_BYTES = 128;
    public static final int MAX_BATCH = 1024;
    public static final int MAX_VALIDATORS = ValidatorSetChange.MAX_VALIDATORS;
    public static final int MAX_SLOTS = 4096;
    /** Views and sequence numbers stay far from overflow. */
    public static final long MAX_COUNTER = Long.MAX_VALUE / 4;

    private static final int REQUEST = 1;
    private static final int PRE_PREPARE = 2;
    private static final int PREPARE = 3;
    private static final int COMMIT = 4;
    private static final int CHECKPOINT = 5;
    private static final int VIEW_CHANGE = 6;
    private static final int NEW_VIEW = 7;
    private static final int FETCH_STATE = 8;
    private static final int STATE_REPLY = 9;
    private static final int SUSPECT = 10;
    /** A request with its trace context: a type of its own, so untraced requests keep their bytes (and digests). */
    private static final int TRACED_REQUEST = 11;
    private static final int REPLY = 12;

    private MessageCodec() {
    }

    // ------------------------------------------------------------------------------------------ encoding

    public static byte[] encode(Signed signed) {
        WireWriter w = new WireWriter();
        writeSigned(w, signed);
        return w.toByteArray();
    }

    public static byte[] encodeBody(Message message) {
        WireWriter w = new WireWriter();
        if (message instanceof Request r && r.traceparent() != null) {
            writeProposal(w.u8(TRACED_REQUEST), r.proposal());
            w.string(r.traceparent());
        } else if (message instanceof Request r) {
            writeProposal(w.u8(REQUEST), r.proposal());
        } else if (message instanceof PrePrepare p) {
            w.u8(PRE_PREPARE).u64(p.view()).u64(p.sequence());
            writeSignedList(w, p.batch());
        } else if (message instanceof Prepare p) {
            w.u8(PREPARE).u64(p.view()).u64(p.sequence()).raw(p.digest().bytes());
        } else if (message instanceof Commit c) {
            w.u8(COMMIT).u64(c.view()).u64(c.sequence()).raw(c.digest().bytes());
        } else if (message instanceof Checkpoint c) {
            w.u8(CHECKPOINT).u64(c.sequence()).raw(c.state().bytes());
        } else if (message instanceof ViewChange v) {
            w.u8(VIEW_CHANGE).u64(v.newView()).u64(v.checkpoint()).raw(v.checkpointState().bytes());
            writeSignedList(w, v.checkpointProof());
            w.u16(v.prepared().size());
            for (PreparedProof proof : v.prepared()) {
                writeSigned(w, proof.prePrepare());
                writeSignedList(w, proof.prepares());
            }
        } else if (message instanceof NewView v) {
            w.u8(NEW_VIEW).u64(v.view());
            writeSignedList(w, v.viewChanges());
            writeSignedList(w, v.prePrepares());
        } else if (message instanceof FetchState f) {
            w.u8(FETCH_STATE).u64(f.fromSequence()).u64(f.view());
        } else if (message instanceof Suspect s) {
            w.u8(SUSPECT).u64(s.view());
        } else if (message instanceof Reply r) {
            w.u8(REPLY).u16(r.outcomes().size());
            for (Outcome o : r.outcomes()) {
                w.string(o.proposalId()).u64(o.decision()).raw(o.entry().bytes());
            }
        } else if (message instanceof StateReply r) {
            w.u8(STATE_REPLY);
            writeSignedList(w, r.checkpointProof());
            w.u16(r.slots().size());
            for (ExecutedSlot slot : r.slots()) {
                w.u64(slot.sequence());
                writeEntries(w, slot.entries());
            }
            w.u16(r.committed().size());
            for (CommittedProof proof : r.committed()) {
                writeSigned(w, proof.prePrepare());
                writeSignedList(w, proof.commits());
            }
            w.u8(r.newView() == null ? 0 : 1);
            if (r.newView() != null) {
                writeSigned(w, r.newView());
            }
        } else {
            throw new IllegalArgumentException("not a PBFT message: " + message);
        }
        return w.toByteArray();
    }

    public static void writeProposal(WireWriter w, Proposal p) {
        w.string(p.id()).string(p.kind()).bytes(p.payload()).string(p.proposer());
    }

    public static void writeEntries(WireWriter w, List<Entry> entries) {
        w.u16(entries.size());
        for (Entry entry : entries) {
            w.string(entry.signer());
            writeProposal(w, entry.proposal());
        }
    }

    public static void writeSigned(WireWriter w, Signed s) {
        w.u8(VERSION).string(s.sender()).bytes(s.body()).bytes(s.signature());
    }

    private static void writeSignedList(WireWriter w, List<Signed> list) {
        w.u16(list.size());
        list.forEach(s -> writeSigned(w, s));
    }

    // ------------------------------------------------------------------------------------------ decoding

    /** Decodes a frame from the wire; signatures are not checked here. */
    public static Signed decode(byte[] frame) throws MalformedMessageException {
        if (frame.length > MAX_FRAME_BYTES) {
            throw new MalformedMessageException("frame of " + frame.length + " bytes, the limit is " + MAX_FRAME_BYTES);
        }
        WireReader r = new WireReader(frame);
        Signed signed = readSigned(r, null);
        r.end();
        return signed;
    }

    /** Decodes a body alone (as kept in the store). */
    public static Message decodeBody(byte[] body) throws MalformedMessageException {
        WireReader r = new WireReader(body);
        Message message = readBody(r);
        r.end();
        return message;
    }

    public static Proposal readProposal(WireReader r) throws MalformedMessageException {
        String id = r.string("proposal id", MAX_PROPOSAL_ID_BYTES);
        if (id.isEmpty()) {
            throw new MalformedMessageException("empty proposal id");
        }
        String kind = r.string("proposal kind", MAX_KIND_BYTES);
        byte[] payload = r.bytes("proposal payload", MAX_PAYLOAD_BYTES);
        String proposer = r.string("proposer", MAX_PROPOSER_BYTES);
        return new Proposal(id, kind, payload, proposer);
    }

    public static List<Entry> readEntries(WireReader r) throws MalformedMessageException {
        int count = r.count("executed entries", MAX_BATCH);
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(new Entry(r.string("signer", MAX_PEER_ID_BYTES), readProposal(r)));
        }
        return entries;
    }

    /** An envelope whose body must be of {@code expected} type ({@code null}: any). */
    public static Signed readSigned(WireReader r, Class<? extends Message> expected)
            throws MalformedMessageException {
        int version = r.u8();
        if (version != VERSION) {
            throw new MalformedMessageException("unknown envelope version " + version);
        }
        String sender = r.string("sender", MAX_PEER_ID_BYTES);
        if (sender.isEmpty()) {
            throw new MalformedMessageException("empty sender");
        }
        byte[] body = r.bytes("body", MAX_FRAME_BYTES);
        byte[] signature = r.bytes("signature", MAX_SIGNATURE_BYTES);
        Message message = decodeBody(body);
        if (expected != null && !expected.isInstance(message)) {
            throw new MalformedMessageException("a " + expected.getSimpleName() + " was expected here, not a "
                    + message.getClass().getSimpleName());
        }
        return new Signed(sender, message, body, signature);
    }

    private static Message readBody(WireReader r) throws MalformedMessageException {
        int type = r.u8();
        return switch (type) {
            case REQUEST -> new Request(readProposal(r));
            case TRACED_REQUEST -> new Request(readProposal(r), r.string("traceparent", MAX_TRACEPARENT_BYTES));
            case PRE_PREPARE -> {
                long view = counter(r, "view");
                long sequence = counter(r, "sequence");
                yield PrePrepare.of(view, sequence, readSignedList(r, "batch", MAX_BATCH, Request.class));
            }
            case PREPARE -> new Prepare(counter(r, "view"), counter(r, "sequence"), digest(r));
            case COMMIT -> new Commit(counter(r, "view"), counter(r, "sequence"), digest(r));
            case CHECKPOINT -> new Checkpoint(counter(r, "sequence"), digest(r));
            case VIEW_CHANGE -> {
                long newView = counter(r, "new view");
                long checkpoint = counter(r, "checkpoint");
                Digest state = digest(r);
                List<Signed> proof = readSignedList(r, "checkpoint proof", MAX_VALIDATORS, Checkpoint.class);
                int count = r.count("prepared certificates", MAX_SLOTS);
                List<PreparedProof> prepared = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    Signed prePrepare = readSigned(r, PrePrepare.class);
                    prepared.add(new PreparedProof(prePrepare,
                            readSignedList(r, "prepares", MAX_VALIDATORS, Prepare.class)));
                }
                yield new ViewChange(newView, checkpoint, state, proof, prepared);
            }
            case NEW_VIEW -> new NewView(counter(r, "view"),
                    readSignedList(r, "view changes", MAX_VALIDATORS, ViewChange.class),
                    readSignedList(r, "pre-prepares", MAX_SLOTS, PrePrepare.class));
            case FETCH_STATE -> new FetchState(counter(r, "from sequence"), counter(r, "view"));
            case SUSPECT -> new Suspect(counter(r, "view"));
            case REPLY -> {
                int count = r.count("outcomes", MAX_BATCH);
                List<Outcome> outcomes = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    outcomes.add(new Outcome(r.string("proposal id", MAX_PROPOSAL_ID_BYTES), counter(r, "decision"),
                            digest(r)));
                }
                yield new Reply(outcomes);
            }
            case STATE_REPLY -> {
                List<Signed> proof = readSignedList(r, "checkpoint proof", MAX_VALIDATORS, Checkpoint.class);
                int count = r.count("slots", MAX_SLOTS);
                List<ExecutedSlot> slots = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    slots.add(new ExecutedSlot(counter(r, "slot sequence"), readEntries(r)));
                }
                int committedCount = r.count("committed certificates", MAX_SLOTS);
                List<CommittedProof> committed = new ArrayList<>(committedCount);
                for (int i = 0; i < committedCount; i++) {
                    Signed prePrepare = readSigned(r, PrePrepare.class);
                    committed.add(new CommittedProof(prePrepare,
                            readSignedList(r, "commits", MAX_VALIDATORS, Commit.class)));
                }
                int hasNewView = r.u8();
                if (hasNewView > 1) {
                    throw new MalformedMessageException("new-view presence flag " + hasNewView + " is not 0 or 1");
                }
                yield new StateReply(proof, slots, committed, hasNewView == 1 ? readSigned(r, NewView.class) : null);
            }
            default -> throw new MalformedMessageException("unknown message type " + type);
        };
    }

    private static List<Signed> readSignedList(WireReader r, String field, int max, Class<? extends Message> type)
            throws MalformedMessageException {
        int count = r.count(field, max);
        List<Signed> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            list.add(readSigned(r, type));
        }
        return list;
    }

    private static long counter(WireReader r, String field) throws MalformedMessageException {
        return r.counter(field, MAX_COUNTER);
    }

    private static Digest digest(WireReader r) throws MalformedMessageException {
        return new Digest(r.raw(Digest.LENGTH, "digest"));
    }
}
