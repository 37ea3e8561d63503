package org.aegis.consensus.pbft.ordering;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import org.aegis.consensus.pbft.message.Digest;
import org.aegis.consensus.pbft.message.MalformedMessageException;
import org.aegis.consensus.pbft.message.Message;
import org.aegis.consensus.pbft.message.Message.Commit;
import org.aegis.consensus.pbft.message.Message.PrePrepare;
import org.aegis.consensus.pbft.message.Message.Prepare;
import org.aegis.consensus.pbft.message.Message.PreparedProof;
import org.aegis.consensus.pbft.message.MessageCodec;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.message.WireReader;
import org.aegis.consensus.pbft.message.WireWriter;
import org.aegis.consensus.pbft.quorum.Epoch;

/**
 * One sequence number in the normal case: the pre-prepare accepted in the current view, the prepares and commits
 * heard for it, and the prepared certificate of the highest view (which a view change carries over).
 */
public final class Slot {
    private final long sequence;
    private long view;
    private Signed prePrepare;
    private final Map<String, Signed> prepares = new LinkedHashMap<>();
    private final Map<String, Signed> commits = new LinkedHashMap<>();
    private PreparedProof preparedProof;
    private boolean committed;
    /**
     * When this replica first heard of the sequence number, in {@link System#nanoTime()}: the start of its decision
     * latency (an observation, not protocol time, so not read from the replica's clock).
     */
    private final long firstSeenNanos = System.nanoTime();

    public Slot(long sequence, long view) {
        this.sequence = sequence;
        this.view = view;
    }

    public long sequence() {
        return sequence;
    }

    public long view() {
        return view;
    }

    public long firstSeenNanos() {
        return firstSeenNanos;
    }

    /** Moves the slot to a new view: the votes of the old one no longer count, its prepared certificate stays. */
    public void enterView(long newView) {
        if (newView > view) {
            view = newView;
            prePrepare = null;
            prepares.clear();
            commits.clear();
            committed = false;
        }
    }

    public Signed prePrepare() {
        return prePrepare;
    }

    public PrePrepare prePrepareMessage() {
        return prePrepare == null ? null : (PrePrepare) prePrepare.message();
    }

    public Digest digest() {
        return prePrepare == null ? null : prePrepareMessage().digest();
    }

    public void acceptPrePrepare(Signed signed) {
        prePrepare = signed;
    }

    /** The sender's earlier prepare in this view, or {@code null}. */
    public Signed prepareOf(String sender) {
        return prepares.get(sender);
    }

    public void addPrepare(Signed signed) {
        prepares.put(signed.sender(), signed);
    }

    public Signed commitOf(String sender) {
        return commits.get(sender);
    }

    public void addCommit(Signed signed) {
        commits.put(signed.sender(), signed);
    }

    /** Who sent a commit for this slot in its view, whatever its digest. */
    public Set<String> committers() {
        return Set.copyOf(commits.keySet());
    }

    /** The prepares that match the accepted pre-prepare, the primary's excluded. */
    public List<Signed> matchingPrepares() {
        List<Signed> matching = new ArrayList<>();
        Digest digest = digest();
        if (digest == null) {
            return matching;
        }
        for (Signed p : prepares.values()) {
            if (!p.sender().equals(prePrepare.sender()) && ((Prepare) p.message()).digest().equals(digest)) {
                matching.add(p);
            }
        }
        return matching;
    }

    /** Pre-prepare plus matching prepares from validators whose weight, with the primary's, makes a certificate. */
    public boolean hasPreparedQuorum(Epoch epoch) {
        if (prePrepare == null) {
            return false;
        }
        List<String> voters = new ArrayList<>();
        voters.add(prePrepare.sender());
        matchingPrepares().forEach(p -> voters.add(p.sender()));
        return epoch.strong(voters);
    }

    /** Matching commits of this view whose weight makes a certificate. */
    public boolean hasCommitQuorum(Epoch epoch) {
        Digest digest = digest();
        if (digest == null) {
            return false;
        }
        List<String> voters = new ArrayList<>();
        for (Signed c : commits.values()) {
            if (((Commit) c.message()).digest().equals(digest)) {
                voters.add(c.sender());
            }
        }
        return epoch.strong(voters);
    }

    /** The commits that match the accepted pre-prepare. */
    public List<Signed> matchingCommits() {
        Digest digest = digest();
        return commits.values().stream()
                .filter(c -> digest != null && ((Commit) c.message()).digest().equals(digest)).toList();
    }

    /** Whether this view's pre-prepare is prepared here (its certificate recorded). */
    public boolean preparedInView() {
        return preparedProof != null && preparedProof.message().view() == view && prePrepare != null;
    }

    public void recordPrepared() {
        preparedProof = new PreparedProof(prePrepare, matchingPrepares());
    }

    public PreparedProof preparedProof() {
        return preparedProof;
    }

    public boolean committed() {
        return committed;
    }

    public void markCommitted() {
        committed = true;
    }

    // ------------------------------------------------------------------------------------------ persistence

    /** What a restarted replica needs: the view, its pre-prepare, the votes, the prepared certificate. */
    public byte[] encode() {
        WireWriter w = new WireWriter().u64(sequence).u64(view).u8(committed ? 1 : 0);
        writeOptional(w, prePrepare);
        writeList(w, prepares.values());
        writeList(w, commits.values());
        w.u8(preparedProof == null ? 0 : 1);
        if (preparedProof != null) {
            MessageCodec.writeSigned(w, preparedProof.prePrepare());
            writeList(w, preparedProof.prepares());
        }
        return w.toByteArray();
    }

    public static Slot decode(byte[] data) throws MalformedMessageException {
        WireReader r = new WireReader(data);
        Slot slot = new Slot(r.u64(), r.u64());
        slot.committed = r.u8() == 1;
        if (r.u8() == 1) {
            slot.prePrepare = MessageCodec.readSigned(r, PrePrepare.class);
        }
        for (Signed p : readList(r, Prepare.class)) {
            slot.prepares.put(p.sender(), p);
        }
        for (Signed c : readList(r, Commit.class)) {
            slot.commits.put(c.sender(), c);
        }
        if (r.u8() == 1) {
            Signed pp = MessageCodec.readSigned(r, PrePrepare.class);
            slot.preparedProof = new PreparedProof(pp, readList(r, Prepare.class));
        }
        r.end();
        return slot;
    }

    private static void writeOptional(WireWriter w, Signed s) {
        w.u8(s == null ? 0 : 1);
        if (s != null) {
            MessageCodec.writeSigned(w, s);
        }
    }

    private static void writeList(WireWriter w, Collection<Signed> list) {
        w.u16(list.size());
        list.forEach(s -> MessageCodec.writeSigned(w, s));
    }

    private static List<Signed> readList(WireReader r, Class<? extends Message> type)
            throws MalformedMessageException {
        List<Signed> list = new ArrayList<>();
        for (int i = r.count("votes", MessageCodec.MAX_VALIDATORS); i > 0; i--) {
            list.add(MessageCodec.readSigned(r, type));
        }
        return list;
    }
}
