package org.aegis.consensus.pbft.message;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/** The SHA-256 digests the protocol compares: of a batch, of what a slot executed, and the state chain. */
public final class Digests {
    /** State digest before anything executed. */
    public static final Digest GENESIS = new Digest(new byte[Digest.LENGTH]);

    private Digests() {
    }

    /** Digest of a batch of signed requests: their senders and bodies (the signatures were checked on receipt). */
    public static Digest batch(List<Signed> batch) {
        WireWriter w = new WireWriter().u32(batch.size());
        for (Signed request : batch) {
            w.string(request.sender()).bytes(request.body());
        }
        return sha256(w.toByteArray());
    }

    /** State after {@code slot}: chains the previous state with the slot's number and the entries it executed. */
    public static Digest chain(Digest previous, Message.ExecutedSlot slot) {
        WireWriter w = new WireWriter().raw(previous.bytes()).u64(slot.sequence());
        MessageCodec.writeEntries(w, slot.entries());
        return sha256(w.toByteArray());
    }

    /** Digest of one executed entry: its signer and its proposal, as a {@link Message.Reply} names it. */
    public static Digest entry(Message.Entry entry) {
        WireWriter w = new WireWriter().string(entry.signer());
        MessageCodec.writeProposal(w, entry.proposal());
        return sha256(w.toByteArray());
    }

    public static Digest sha256(byte[] data) {
        try {
            return new Digest(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
