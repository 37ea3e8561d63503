package org.aegis.example.solo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.store.Store;
import org.aegis.api.store.StoreEntry;

/**
 * The engine's decisions in one map of the node's {@link Store}, {@value #MAP}. Three kinds of key:
 * {@code decision/<sequence>} (zero-padded, so key order is sequence order) holds a decision,
 * {@code proposal/<id>} its sequence number, and {@value #LAST} the last sequence. One decision's three entries are
 * written in one batch, so a crash never leaves a gap or a proposal without its decision.
 *
 * <p>Its own map, not {@link Store#CONSENSUS_LOG}: that one holds PBFT's records in PBFT's format.
 */
final class SoloLog {
    static final String MAP = "solo.log";
    static final String LAST = "last";
    private static final String DECISION = "decision/";
    /** The first key after every {@code decision/} key: '0' follows '/'. */
    private static final String AFTER_DECISIONS = "decision0";
    private static final String PROPOSAL = "proposal/";
    private static final int FORMAT = 1;

    private final Store store;

    SoloLog(Store store) {
        this.store = store;
    }

    /** The last decided sequence number, 0 when none. */
    long lastSequence() {
        return store.map(MAP).get(LAST).map(bytes -> {
            if (bytes.length != Long.BYTES) {
                throw corrupt(LAST, "not a sequence number");
            }
            return ByteBuffer.wrap(bytes).getLong();
        }).orElse(0L);
    }

    /** Commits a decision durably: once this returns, a restart serves it. */
    void append(Decision decision) {
        byte[] sequence = ByteBuffer.allocate(Long.BYTES).putLong(decision.sequence()).array();
        store.write(batch -> batch.put(MAP, DECISION + key(decision.sequence()), encode(decision))
                .put(MAP, PROPOSAL + decision.proposal().id(), sequence)
                .put(MAP, LAST, sequence));
    }

    List<Decision> decisions(long fromSequence, int limit) {
        List<Decision> out = new ArrayList<>();
        for (StoreEntry entry : store.map(MAP).range(DECISION + key(fromSequence), AFTER_DECISIONS, limit)) {
            out.add(decode(entry.key(), entry.value()));
        }
        return out;
    }

    Optional<Decision> decisionOf(String proposalId) {
        return store.map(MAP).get(PROPOSAL + proposalId)
                .flatMap(sequence -> decisions(ByteBuffer.wrap(sequence).getLong(), 1).stream().findFirst());
    }

    static boolean sameContent(Proposal a, Proposal b) {
        return a.id().equals(b.id()) && a.kind().equals(b.kind()) && Arrays.equals(a.payload(), b.payload())
                && a.proposer().equals(b.proposer());
    }

    private static String key(long sequence) {
        return String.format("%020d", sequence);
    }

    private static byte[] encode(Decision d) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeLong(d.sequence());
            out.writeLong(d.view());
            out.writeLong(d.decidedAt().getEpochSecond());
            out.writeInt(d.decidedAt().getNano());
            // writeUTF holds up to 65535 bytes: the engine's limits on id, kind and proposer are far below
            out.writeUTF(d.proposal().id());
            out.writeUTF(d.proposal().kind());
            out.writeUTF(d.proposal().proposer());
            out.writeInt(d.proposal().payload().length);
            out.write(d.proposal().payload());
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode decision " + d.sequence(), e);
        }
        return bytes.toByteArray();
    }

    private static Decision decode(String key, byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw corrupt(key, "unknown format " + format);
            }
            long sequence = in.readLong();
            long view = in.readLong();
            Instant decidedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
            String id = in.readUTF();
            String kind = in.readUTF();
            String proposer = in.readUTF();
            int length = in.readInt();
            if (length < 0 || length > in.available()) {
                throw corrupt(key, "payload length " + length);
            }
            byte[] payload = in.readNBytes(length);
            if (in.available() != 0) {
                throw corrupt(key, "trailing bytes");
            }
            return new Decision(sequence, view, new Proposal(id, kind, payload, proposer), decidedAt);
        } catch (IOException | DateTimeException e) {
            throw corrupt(key, e.toString());
        }
    }

    private static IllegalStateException corrupt(String key, String detail) {
        return new IllegalStateException("The store's " + MAP + "/" + key + " is corrupt: " + detail);
    }
}
