package org.aegis.consensus.pbft.viewchange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import org.aegis.consensus.pbft.message.Digest;
import org.aegis.consensus.pbft.message.Digests;
import org.aegis.consensus.pbft.message.Message.Checkpoint;
import org.aegis.consensus.pbft.message.Message.Commit;
import org.aegis.consensus.pbft.message.Message.CommittedProof;
import org.aegis.consensus.pbft.message.Message.PrePrepare;
import org.aegis.consensus.pbft.message.Message.Prepare;
import org.aegis.consensus.pbft.message.Message.PreparedProof;
import org.aegis.consensus.pbft.message.Message.ViewChange;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.quorum.Epoch;

/**
 * The checks of the proofs a view change carries: a certificate for its stable checkpoint and, for each prepared
 * sequence number above it, a pre-prepare by a primary of that view with prepares that make a certificate.
 *
 * @param authentic       whether a nested signed message verifies and comes from a validator
 * @param epochOf         the epoch that weighs the votes of a sequence number
 * @param primaries       who may pre-prepare a sequence number in a view
 * @param watermarkWindow how far above the checkpoint a prepared sequence number may lie
 */
public record ProofRules(Predicate<Signed> authentic, LongFunction<Epoch> epochOf, Primaries primaries,
        long watermarkWindow) {

    /** Who may pre-prepare in a view. */
    @FunctionalInterface
    public interface Primaries {
        boolean mayPrePrepare(String sender, long view, long sequence);
    }

    /** Why a view change is invalid, or {@code null} when it is valid. */
    public String checkViewChange(ViewChange vc) {
        String checkpointProblem = checkCheckpointProof(vc.checkpoint(), vc.checkpointState(), vc.checkpointProof());
        if (checkpointProblem != null) {
            return checkpointProblem;
        }
        Set<Long> sequences = new HashSet<>();
        for (PreparedProof proof : vc.prepared()) {
            String problem = checkPrepared(proof, vc.newView(), vc.checkpoint());
            if (problem != null) {
                return problem;
            }
            if (!sequences.add(proof.message().sequence())) {
                return "two prepared certificates for sequence " + proof.message().sequence();
            }
        }
        return null;
    }

    /** Why a stable-checkpoint certificate is invalid, or {@code null}. Sequence 0 is the genesis state. */
    public String checkCheckpointProof(long sequence, Digest state,
            List<Signed> proof) {
        if (sequence == 0) {
            return state.equals(Digests.GENESIS) && proof.isEmpty() ? null : "a genesis checkpoint with a proof";
        }
        List<String> voters = new ArrayList<>();
        for (Signed s : proof) {
            Checkpoint c = (Checkpoint) s.message();
            if (c.sequence() != sequence || !c.state().equals(state)) {
                return "checkpoint proof holds a vote for another checkpoint";
            }
            if (!authentic.test(s)) {
                return "checkpoint proof holds a vote that does not verify";
            }
            voters.add(s.sender());
        }
        if (new HashSet<>(voters).size() != voters.size()) {
            return "checkpoint proof counts a validator twice";
        }
        return epochOf.apply(sequence).strong(voters) ? null : "checkpoint proof weighs too little";
    }

    /** Why a commit certificate is invalid, or {@code null}. */
    public String checkCommitted(CommittedProof proof) {
        PrePrepare pp = proof.message();
        String primary = proof.prePrepare().sender();
        if (!primaries.mayPrePrepare(primary, pp.view(), pp.sequence()) || !authentic.test(proof.prePrepare())) {
            return "commit certificate whose pre-prepare is not the primary's";
        }
        List<String> voters = new ArrayList<>();
        for (Signed s : proof.commits()) {
            Commit c = (Commit) s.message();
            if (c.view() != pp.view() || c.sequence() != pp.sequence() || !c.digest().equals(pp.digest())) {
                return "commit certificate holds a commit for something else";
            }
            if (voters.contains(s.sender()) || !authentic.test(s)) {
                return "commit certificate holds a repeated or unverifiable commit";
            }
            voters.add(s.sender());
        }
        return epochOf.apply(pp.sequence()).strong(voters) ? null : "commit certificate weighs too little";
    }

    private String checkPrepared(PreparedProof proof, long newView, long checkpoint) {
        PrePrepare pp = proof.message();
        if (pp.view() >= newView) {
            return "prepared certificate of view " + pp.view() + " in a change to view " + newView;
        }
        if (pp.sequence() <= checkpoint || pp.sequence() > checkpoint + watermarkWindow) {
            return "prepared certificate for sequence " + pp.sequence() + " outside the watermarks";
        }
        String primary = proof.prePrepare().sender();
        if (!primaries.mayPrePrepare(primary, pp.view(), pp.sequence()) || !authentic.test(proof.prePrepare())) {
            return "prepared certificate whose pre-prepare is not the primary's";
        }
        List<String> voters = new ArrayList<>();
        voters.add(primary);
        for (Signed s : proof.prepares()) {
            Prepare p = (Prepare) s.message();
            if (p.view() != pp.view() || p.sequence() != pp.sequence() || !p.digest().equals(pp.digest())) {
                return "prepared certificate holds a prepare for something else";
            }
            if (voters.contains(s.sender()) || !authentic.test(s)) {
                return "prepared certificate holds a repeated or unverifiable prepare";
            }
            voters.add(s.sender());
        }
        return epochOf.apply(pp.sequence()).strong(voters) ? null : "prepared certificate weighs too little";
    }
}
