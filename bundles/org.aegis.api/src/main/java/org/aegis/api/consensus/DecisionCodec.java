package org.aegis.api.consensus;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The one canonical binary format of a committed {@link Decision} outside a consensus engine: how the platform's
 * journal of committed decisions ({@link DecisionLog}) stores them. Defined here, beside its record, so that no two
 * bundles parse it differently. (An engine keeps its own private log format; this is not it.)
 *
 * <pre>
 * magic        4 bytes  "AEDC"
 * version      1 byte   1
 * sequence     int64    &ge; 1
 * view         int64    &ge; 0
 * decidedAt    int64 epoch seconds + int32 nanoseconds (0..999,999,999)
 * id           int32 length + UTF-8 bytes
 * kind         int32 length + UTF-8 bytes
 * proposer     int32 length + UTF-8 bytes
 * payload      int32 length + bytes
 * </pre>
 * Integers big-endian; strict UTF-8; no trailing bytes, so a decoded decision encodes back to the same bytes.
 * Stateless and thread-safe.
 */
public final class DecisionCodec {
    /** The first bytes of every encoded decision. */
    public static final byte[] MAGIC = {'A', 'E', 'D', 'C'};
    /** The format version this codec writes and reads. */
    public static final int VERSION = 1;

    private DecisionCodec() {
    }

    /** Encodes a decision; every decision with a sequence from 1, a proposal and a time can be encoded. */
    public static byte[] encode(Decision decision) {
        if (decision.sequence() < 1 || decision.view() < 0 || decision.proposal() == null
                || decision.decidedAt() == null) {
            throw new IllegalArgumentException("not a committed decision: " + decision);
        }
        Proposal p = decision.proposal();
        byte[] id = utf8(p.id());
        byte[] kind = utf8(p.kind());
        byte[] proposer = utf8(p.proposer());
        byte[] payload = p.payload() == null ? new byte[0] : p.payload();
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 1 + 8 + 8 + 8 + 4 + 4 * 4 + id.length + kind.length
                + proposer.length + payload.length);
        out.put(MAGIC).put((byte) VERSION).putLong(decision.sequence()).putLong(decision.view())
                .putLong(decision.decidedAt().getEpochSecond()).putInt(decision.decidedAt().getNano());
        out.putInt(id.length).put(id).putInt(kind.length).put(kind).putInt(proposer.length).put(proposer);
        out.putInt(payload.length).put(payload);
        return out.array();
    }

    /**
     * Decodes what {@link #encode} wrote.
     *
     * @throws IllegalArgumentException naming the problem: truncated, wrong magic or version, bad sequence, view
     *                                  or time, malformed UTF-8, negative length, trailing bytes
     */
    public static Decision decode(byte[] encoded) {
        ByteBuffer in = ByteBuffer.wrap(encoded);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not an encoded decision: wrong magic");
            }
            int version = in.get();
            if (version != VERSION) {
                throw new IllegalArgumentException("decision format version " + version + ", expected " + VERSION);
            }
            long sequence = in.getLong();
            long view = in.getLong();
            if (sequence < 1 || view < 0) {
                throw new IllegalArgumentException("decision with sequence " + sequence + " and view " + view);
            }
            long seconds = in.getLong();
            int nanos = in.getInt();
            if (nanos < 0 || nanos > 999_999_999) {
                throw new IllegalArgumentException("decision time with " + nanos + " nanoseconds");
            }
            Instant decidedAt = Instant.ofEpochSecond(seconds, nanos);
            String id = text(in, "id");
            String kind = text(in, "kind");
            String proposer = text(in, "proposer");
            byte[] payload = bytes(in, "payload");
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " trailing bytes after the decision");
            }
            return new Decision(sequence, view, new Proposal(id, kind, payload, proposer), decidedAt);
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated decision", e);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("decision time out of range", e);
        }
    }

    private static byte[] bytes(ByteBuffer in, String what) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("decision " + what + " of " + length + " bytes, "
                    + in.remaining() + " left");
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    private static String text(ByteBuffer in, String what) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes(in, what)))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("decision " + what + " is not UTF-8", e);
        }
    }

    private static byte[] utf8(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a decided proposal needs an id, a kind and a proposer");
        }
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(text));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not encodable as UTF-8: " + text, e);
        }
    }
}
