package org.aegis.consensus.pbft.message;

import java.util.List;
import org.aegis.api.consensus.Proposal;

/** The PBFT messages (Castro &amp; Liskov), each carried inside a {@link Signed} envelope. */
public sealed interface Message {

    /**
     * A validator asks the network to order a proposal; the signature makes it the proposal's signer.
     *
     * @param traceparent the W3C trace context of the request's span on the proposing node, so that every replica's
     *                    work on it joins that trace; {@code null} when the proposal is not traced
     */
    record Request(Proposal proposal, String traceparent) implements Message {
        /** An untraced request. */
        public Request(Proposal proposal) {
            this(proposal, null);
        }
    }

    /** The primary of {@code view} assigns {@code sequence} to a batch of signed requests (empty: a null request). */
    record PrePrepare(long view, long sequence, Digest digest, List<Signed> batch) implements Message {
        public PrePrepare {
            batch = List.copyOf(batch);
        }

        public static PrePrepare of(long view, long sequence, List<Signed> batch) {
            return new PrePrepare(view, sequence, Digests.batch(batch), batch);
        }
    }

    /** A backup accepted the pre-prepare of {@code digest} at ({@code view}, {@code sequence}). */
    record Prepare(long view, long sequence, Digest digest) implements Message {
    }

    /** The sender holds a prepared certificate for ({@code view}, {@code sequence}, {@code digest}). */
    record Commit(long view, long sequence, Digest digest) implements Message {
    }

    /** The sender's state after executing {@code sequence} has digest {@code state}. */
    record Checkpoint(long sequence, Digest state) implements Message {
    }

    /** A pre-prepare and the prepares that, with it, make a certificate. */
    record PreparedProof(Signed prePrepare, List<Signed> prepares) {
        public PreparedProof {
            prepares = List.copyOf(prepares);
        }

        public PrePrepare message() {
            return (PrePrepare) prePrepare.message();
        }
    }

    /**
     * The sender's requests waited too long in {@code view}. Replicas leave a view only once a weak certificate of
     * validators suspects its primary: one that alone is slow, cut off or behind would otherwise sit in a view change
     * nobody joins, out of the protocol until the others change view too. Repeated while the sender still suspects.
     */
    record Suspect(long view) implements Message {
    }

    /**
     * The sender moves to {@code newView}: its stable checkpoint (with its certificate; sequence 0 needs none) and
     * its prepared certificates above it.
     */
    record ViewChange(long newView, long checkpoint, Digest checkpointState, List<Signed> checkpointProof,
            List<PreparedProof> prepared) implements Message {
        public ViewChange {
            checkpointProof = List.copyOf(checkpointProof);
            prepared = List.copyOf(prepared);
        }
    }

    /** The new primary's proof that {@code view} starts: the view changes it used and the pre-prepares they imply. */
    record NewView(long view, List<Signed> viewChanges, List<Signed> prePrepares) implements Message {
        public NewView {
            viewChanges = List.copyOf(viewChanges);
            prePrepares = List.copyOf(prePrepares);
        }
    }

    /**
     * The sender executed requests of the recipient: how each was decided. A proposer learns an outcome once
     * validators of more than the fault-tolerance weight vouch for it, so no single replica, its own included, can
     * tell it a decision the network did not make; the signed replies are the proof it hands its client.
     */
    record Reply(List<Outcome> outcomes) implements Message {
        public Reply {
            outcomes = List.copyOf(outcomes);
        }
    }

    /**
     * How one request was decided: its proposal became decision number {@code decision}, and {@code entry} is the
     * digest of the executed entry (signer and proposal, {@link Digests#entry}), which shows whose content won the id.
     */
    record Outcome(String proposalId, long decision, Digest entry) {
    }

    /** The sender, in {@code view}, has executed everything before {@code fromSequence} and asks for what follows. */
    record FetchState(long fromSequence, long view) implements Message {
    }

    /** What one sequence number executed: the requests that became decisions, with their signers. */
    record ExecutedSlot(long sequence, List<Entry> entries) {
        public ExecutedSlot {
            entries = List.copyOf(entries);
        }
    }

    /** One executed request. */
    record Entry(String signer, Proposal proposal) {
    }

    /** A pre-prepare and the commits that, with it, prove its sequence number committed. */
    record CommittedProof(Signed prePrepare, List<Signed> commits) {
        public CommittedProof {
            commits = List.copyOf(commits);
        }

        public PrePrepare message() {
            return (PrePrepare) prePrepare.message();
        }
    }

    /**
     * Executed slots up to a checkpoint with the certificate of that checkpoint; the committed sequence numbers after
     * it with their commit certificates; and the replier's new-view message when its view is later than the asker's
     * (else {@code null}), so that a replica that missed a view change learns it.
     */
    record StateReply(List<Signed> checkpointProof, List<ExecutedSlot> slots, List<CommittedProof> committed,
            Signed newView) implements Message {
        public StateReply {
            checkpointProof = List.copyOf(checkpointProof);
            slots = List.copyOf(slots);
            committed = List.copyOf(committed);
        }
    }
}
