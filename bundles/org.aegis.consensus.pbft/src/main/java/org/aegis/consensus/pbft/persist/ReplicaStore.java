package org.aegis.consensus.pbft.persist;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.aegis.api.consensus.Decision;
import org.aegis.api.store.Store;
import org.aegis.api.store.StoreEntry;
import org.aegis.api.store.WriteBatch;
import org.aegis.consensus.pbft.message.Digest;
import org.aegis.consensus.pbft.message.MalformedMessageException;
import org.aegis.consensus.pbft.message.Message.Checkpoint;
import org.aegis.consensus.pbft.message.Message.NewView;
import org.aegis.consensus.pbft.message.MessageCodec;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.message.WireReader;
import org.aegis.consensus.pbft.message.WireWriter;
import org.aegis.consensus.pbft.ordering.Slot;

/**
 * The replica's durable state in the node's {@link Store}. Decisions go to {@link Store#CONSENSUS_LOG}, keyed by
 * their zero-padded sequence number; the protocol's own maps are named {@code pbft.*}. Every change the replica makes
 * before acting goes through one {@link Store#write} batch, so a replica killed at any point restarts from a state it
 * had promised.
 */
public final class ReplicaStore {
    public static final String DECISIONS = Store.CONSENSUS_LOG;
    /** Sequence number → the slot's pre-prepare, votes and prepared certificate (garbage-collected). */
    public static final String SLOTS = "pbft.slots";
    /** Sequence number → what it executed: the view, the state digest after it, its decisions. */
    public static final String EXECUTED = "pbft.executed";
    /** Sequence number → the certificate of a stable checkpoint. */
    public static final String CHECKPOINTS = "pbft.checkpoints";
    /** Proposal id → the sequence number of its decision. */
    public static final String PROPOSALS = "pbft.proposals";
    /** The replica's position, view, stable checkpoint and weight epochs. */
    public static final String STATE = "pbft.state";

    private static final String POSITION = "position";
    private static final String VIEW = "view";
    private static final String STABLE = "stable";
    private static final String EPOCHS = "epochs";

    /** A decision with what the replica needs beside it: the slot it executed in and the request's signer. */
    public record StoredDecision(Decision decision, long slot, String signer) {
    }

    /** What one sequence number executed. */
    public record Executed(long slot, long view, Digest state, long firstDecision, int decisions) {
    }

    /** The last executed sequence number, the state digest after it and the number of decisions so far. */
    public record Position(long lastExecuted, Digest state, long decisionCount) {
    }

    /**
     * The view, whether the replica is still changing to it, and the last new-view message it installed
     * ({@code null} before the first).
     */
    public record ViewRecord(long view, boolean changing, Signed newView) {
    }

    private final Store store;

    public ReplicaStore(Store store) {
        this.store = store;
    }

    public void write(Consumer<WriteBatch> changes) {
        store.write(changes);
    }

    public static String key(long n) {
        return String.format("%020d", n);
    }

    // ------------------------------------------------------------------------------------------ reads

    public Optional<Position> position() {
        return read(STATE, POSITION, r -> new Position(r.u64(), digest(r), r.u64()));
    }

    public Optional<ViewRecord> view() {
        return read(STATE, VIEW, r -> new ViewRecord(r.u64(), r.u8() == 1,
                r.u8() == 1 ? MessageCodec.readSigned(r, NewView.class) : null));
    }

    /** The stable checkpoint's sequence number and state. */
    public Optional<Checkpoint> stable() {
        return read(STATE, STABLE, r -> new Checkpoint(r.u64(), digest(r)));
    }

    public Optional<byte[]> epochs() {
        return store.map(STATE).get(EPOCHS);
    }

    public List<Slot> slots() {
        List<Slot> slots = new ArrayList<>();
        for (StoreEntry e : store.map(SLOTS).range(null, null, Integer.MAX_VALUE)) {
            slots.add(decode(SLOTS, e.key(), e.value(), Slot::decode));
        }
        return slots;
    }

    public Optional<List<Signed>> checkpointProof(long sequence) {
        return read(CHECKPOINTS, key(sequence), ReplicaStore::readProof);
    }

    /** The lowest checkpoint with a stored certificate at or above {@code sequence}. */
    public Optional<Long> checkpointAtOrAbove(long sequence) {
        return store.map(CHECKPOINTS).range(key(sequence), null, 1).stream().findFirst()
                .map(e -> Long.parseLong(e.key()));
    }

    public Optional<Executed> executed(long slot) {
        return read(EXECUTED, key(slot), r -> new Executed(slot, r.u64(), digest(r), r.u64(), r.u32()));
    }

    public List<StoredDecision> decisions(long fromSequence, int limit) {
        List<StoredDecision> out = new ArrayList<>();
        for (StoreEntry e : store.map(DECISIONS).range(key(Math.max(1, fromSequence)), null, limit)) {
            out.add(decode(DECISIONS, e.key(), e.value(), ReplicaStore::readDecision));
        }
        return out;
    }

    public Optional<Long> decisionOf(String proposalId) {
        return read(PROPOSALS, proposalId, WireReader::u64);
    }

    // ------------------------------------------------------------------------------------------ writes

    public static void putSlot(WriteBatch batch, Slot slot) {
        batch.put(SLOTS, key(slot.sequence()), slot.encode());
    }

    public static void removeSlot(WriteBatch batch, long sequence) {
        batch.remove(SLOTS, key(sequence));
    }

    public static void putDecision(WriteBatch batch, StoredDecision d) {
        Decision decision = d.decision();
        WireWriter w = new WireWriter().u64(decision.sequence()).u64(decision.view()).u64(d.slot()).string(d.signer());
        MessageCodec.writeProposal(w, decision.proposal());
        w.u64(decision.decidedAt().getEpochSecond()).u32(decision.decidedAt().getNano());
        batch.put(DECISIONS, key(decision.sequence()), w.toByteArray());
        batch.put(PROPOSALS, decision.proposal().id(), new WireWriter().u64(decision.sequence()).toByteArray());
    }

    public static void putExecuted(WriteBatch batch, Executed e) {
        batch.put(EXECUTED, key(e.slot()), new WireWriter().u64(e.view()).raw(e.state().bytes()).u64(e.firstDecision())
                .u32(e.decisions()).toByteArray());
    }

    public static void putPosition(WriteBatch batch, Position p) {
        batch.put(STATE, POSITION, new WireWriter().u64(p.lastExecuted()).raw(p.state().bytes()).u64(p.decisionCount())
                .toByteArray());
    }

    public static void putView(WriteBatch batch, ViewRecord v) {
        WireWriter w = new WireWriter().u64(v.view()).u8(v.changing() ? 1 : 0).u8(v.newView() == null ? 0 : 1);
        if (v.newView() != null) {
            MessageCodec.writeSigned(w, v.newView());
        }
        batch.put(STATE, VIEW, w.toByteArray());
    }

    public static void putStable(WriteBatch batch, long sequence, Digest state, List<Signed> proof) {
        batch.put(STATE, STABLE, new WireWriter().u64(sequence).raw(state.bytes()).toByteArray());
        WireWriter w = new WireWriter().u16(proof.size());
        proof.forEach(s -> MessageCodec.writeSigned(w, s));
        batch.put(CHECKPOINTS, key(sequence), w.toByteArray());
    }

    public static void putEpochs(WriteBatch batch, byte[] epochs) {
        batch.put(STATE, EPOCHS, epochs);
    }

    // ------------------------------------------------------------------------------------------ decoding

    private interface Reader<T> {
        T read(WireReader r) throws MalformedMessageException;
    }

    private interface Decoder<T> {
        T decode(byte[] data) throws MalformedMessageException;
    }

    private <T> Optional<T> read(String map, String key, Reader<T> reader) {
        return store.map(map).get(key).map(bytes -> decode(map, key, bytes, data -> {
            WireReader r = new WireReader(data);
            T value = reader.read(r);
            r.end();
            return value;
        }));
    }

    private static <T> T decode(String map, String key, byte[] data, Decoder<T> decoder) {
        try {
            return decoder.decode(data);
        } catch (MalformedMessageException | RuntimeException e) {
            throw new IllegalStateException("The store's " + map + "/" + key + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static Digest digest(WireReader r) throws MalformedMessageException {
        return new Digest(r.raw(Digest.LENGTH, "digest"));
    }

    private static List<Signed> readProof(WireReader r) throws MalformedMessageException {
        List<Signed> proof = new ArrayList<>();
        for (int i = r.count("checkpoint proof", MessageCodec.MAX_VALIDATORS); i > 0; i--) {
            proof.add(MessageCodec.readSigned(r, Checkpoint.class));
        }
        return proof;
    }

    private static StoredDecision readDecision(byte[] data) throws MalformedMessageException {
        WireReader r = new WireReader(data);
        long sequence = r.u64();
        long view = r.u64();
        long slot = r.u64();
        String signer = r.string("signer", MessageCodec.MAX_PEER_ID_BYTES);
        var proposal = MessageCodec.readProposal(r);
        Instant decidedAt = Instant.ofEpochSecond(r.u64(), r.u32());
        r.end();
        return new StoredDecision(new Decision(sequence, view, proposal, decidedAt), slot, signer);
    }
}
