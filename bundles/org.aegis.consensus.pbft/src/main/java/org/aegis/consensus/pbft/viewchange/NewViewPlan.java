package org.aegis.consensus.pbft.viewchange;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.aegis.consensus.pbft.message.Digest;
import org.aegis.consensus.pbft.message.Message.PrePrepare;
import org.aegis.consensus.pbft.message.Message.PreparedProof;
import org.aegis.consensus.pbft.message.Message.ViewChange;
import org.aegis.consensus.pbft.message.Signed;

/**
 * What a new view must re-propose, computed the same way by the new primary and by every replica that checks its
 * new-view message: from the highest stable checkpoint among the view changes (min-s) to the highest prepared sequence
 * number (max-s), each sequence number gets the batch of its prepared certificate of the highest view, or an empty
 * batch (the null request) when none of the view changes prepared it.
 *
 * @param checkpoint      min-s
 * @param checkpointState its state digest
 * @param checkpointProof its certificate
 * @param batches         the batch to pre-prepare at min-s + 1, min-s + 2, ..., max-s
 */
public record NewViewPlan(long checkpoint, Digest checkpointState, List<Signed> checkpointProof,
        List<List<Signed>> batches) {

    public static NewViewPlan of(List<ViewChange> viewChanges) {
        ViewChange highest = viewChanges.get(0);
        for (ViewChange vc : viewChanges) {
            if (vc.checkpoint() > highest.checkpoint()) {
                highest = vc;
            }
        }
        long minS = highest.checkpoint();
        TreeMap<Long, PrePrepare> chosen = new TreeMap<>();
        for (ViewChange vc : viewChanges) {
            for (PreparedProof proof : vc.prepared()) {
                PrePrepare pp = proof.message();
                if (pp.sequence() > minS) {
                    PrePrepare earlier = chosen.get(pp.sequence());
                    if (earlier == null || pp.view() > earlier.view()) {
                        chosen.put(pp.sequence(), pp);
                    }
                }
            }
        }
        long maxS = chosen.isEmpty() ? minS : chosen.lastKey();
        List<List<Signed>> batches = new ArrayList<>();
        for (long n = minS + 1; n <= maxS; n++) {
            PrePrepare pp = chosen.get(n);
            batches.add(pp == null ? List.of() : pp.batch());
        }
        return new NewViewPlan(minS, highest.checkpointState(), highest.checkpointProof(), batches);
    }

    /** The last sequence number the plan re-proposes (max-s). */
    public long lastSequence() {
        return checkpoint + batches.size();
    }

    /** The pre-prepare of view {@code view} the plan makes at {@code sequence}. */
    public PrePrepare prePrepare(long view, long sequence) {
        return PrePrepare.of(view, sequence, batches.get((int) (sequence - checkpoint - 1)));
    }
}
