package org.aegis.consensus.pbft;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.consensus.pbft.message.Message.Commit;
import org.aegis.consensus.pbft.message.Message.PrePrepare;
import org.aegis.consensus.pbft.message.Message.Prepare;
import org.aegis.consensus.pbft.message.Message.Request;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.ordering.PendingRequests;
import org.aegis.consensus.pbft.ordering.Slot;
import org.aegis.consensus.pbft.persist.ReplicaStore;
import org.aegis.consensus.pbft.quorum.Epoch;

/**
 * The normal case: the primary cuts batches of pending requests into pre-prepares, every replica prepares and
 * commits them, and a slot with a commit certificate goes to {@link Execution}.
 */
final class Acceptor {
    /** Most bytes of requests in one batch, so that a view change carrying a full pipeline stays within a frame. */
    static final int MAX_BATCH_BYTES = 1 << 20;

    private final ReplicaContext c;
    private final ReplicaState s;
    /**
     * Pre-prepares of this view for sequence numbers whose epoch is not known yet, by sequence number and sender
     * (within the watermarks, so bounded): checked when the checkpoint before them executes.
     */
    private final TreeMap<Long, Map<String, Signed>> earlyPrePrepares = new TreeMap<>();
    private ScheduledFuture<?> batchTimer;

    Acceptor(ReplicaContext c) {
        this.c = c;
        this.s = c.state;
    }

    DropReason onRequest(Signed signed) {
        Proposal proposal = ((Request) signed.message()).proposal();
        Optional<Long> decided = c.store.decisionOf(proposal.id());
        if (decided.isPresent()) {
            // its signer asks again: it missed our reply
            c.store.decisions(decided.get(), 1).forEach(d -> c.replies.answerAgain(signed, d));
            return DropReason.REPLAYED;
        }
        if (!s.pending.add(signed)) {
            return DropReason.REPLAYED;
        }
        c.traces.seen(signed);
        c.requests.seen(proposal, ProposalStatus.State.PENDING, 0);
        c.requestTimer.arm();
        orderIfPrimary(false);
        return null;
    }

    /** The primary cuts batches while the pipeline and the watermarks leave room. */
    void orderIfPrimary(boolean timerFired) {
        if (s.inViewChange || s.stopped) {
            return;
        }
        while (s.pending.unassignedCount() > 0) {
            // A primary that took over when the validator set changed starts after what it executed.
            long next = Math.max(s.lastAssigned, s.lastExecuted) + 1;
            if (!s.primary(s.view, next).map(s.self::equals).orElse(false)) {
                return; // not this replica's to order, or not known before the checkpoint before it executes
            }
            if (next > s.stable + c.config.watermarkWindow() || next - s.lastExecuted > c.config.pipelineWindow()) {
                return;
            }
            boolean idle = next == s.lastExecuted + 1;
            if (!idle && !timerFired && s.pending.unassignedCount() < c.config.maxBatchSize()) {
                if (batchTimer == null) {
                    batchTimer = c.tasks.schedule(c.config.batchTimeout(), () -> {
                        batchTimer = null;
                        orderIfPrimary(true);
                    });
                }
                return;
            }
            List<Signed> batch = takeBatch();
            s.lastAssigned = next;
            onPrePrepare(c.signatures.sign(PrePrepare.of(s.view, next, batch)), false);
        }
    }

    /** The view is left: no batch is cut until the next one is installed. */
    void cancelBatchTimer() {
        Tasks.cancel(batchTimer);
        batchTimer = null;
    }

    private List<Signed> takeBatch() {
        List<Signed> batch = new ArrayList<>();
        int bytes = 0;
        for (Signed candidate : s.pending.takeBatch(c.config.maxBatchSize())) {
            bytes += candidate.body().length;
            if (!batch.isEmpty() && bytes > MAX_BATCH_BYTES) {
                break;
            }
            batch.add(candidate);
        }
        s.pending.clearAssignments();
        s.markAssignedInView();
        s.pending.markAssigned(batch);
        return batch;
    }

    /**
     * A pre-prepare from the primary, this replica's own, or one a new view re-proposes ({@code fromNewView}: taken
     * while the view is being installed, and not relayed, since the new-view message carried it to everyone).
     */
    DropReason onPrePrepare(Signed signed, boolean fromNewView) {
        PrePrepare pp = (PrePrepare) signed.message();
        if ((s.inViewChange && !fromNewView) || pp.view() != s.view) {
            return c.synchronizer.wrongView(signed.sender(), pp.view());
        }
        Optional<String> primary = fromNewView ? Optional.of(s.primary(s.view)) : s.primary(s.view, pp.sequence());
        if (primary.isPresent() && !signed.sender().equals(primary.get())) {
            return DropReason.INVALID;
        }
        DropReason window = checkWindow(pp.sequence(), signed.sender());
        if (window != null) {
            return window;
        }
        if (primary.isEmpty()) {
            // Ahead of this replica's execution: taken once the checkpoint before it executes.
            earlyPrePrepares.computeIfAbsent(pp.sequence(), n -> new HashMap<>()).put(signed.sender(), signed);
            return null;
        }
        if (pp.sequence() <= s.lastExecuted) {
            Slot executed = s.log.get(pp.sequence());
            return executed == null || executed.prePrepare() == null || executed.prePrepare().equals(signed)
                    ? DropReason.REPLAYED : DropReason.CONFLICTING;
        }
        if (!signed.sender().equals(s.self)) {
            Set<String> ids = new HashSet<>();
            for (Signed request : pp.batch()) {
                if (!authenticRequest(request) || !ids.add(PendingRequests.id(request))) {
                    return DropReason.INVALID;
                }
            }
        }
        Slot slot = s.slot(pp.sequence());
        if (slot.prePrepare() != null) {
            return slot.prePrepare().equals(signed) ? DropReason.REPLAYED : DropReason.CONFLICTING;
        }
        slot.acceptPrePrepare(signed);
        for (Signed request : pp.batch()) {
            if (c.store.decisionOf(PendingRequests.id(request)).isEmpty()) {
                s.pending.add(request);
                c.traces.seen(request);
            }
            c.requests.seen(((Request) request.message()).proposal(), ProposalStatus.State.ORDERED, s.view);
        }
        s.pending.markAssigned(pp.batch());
        c.traces.phase(pp.batch(), "pre-prepared", s.view, pp.sequence());
        Signed prepare = null;
        if (!signed.sender().equals(s.self)) {
            prepare = c.signatures.sign(new Prepare(s.view, pp.sequence(), pp.digest()));
            slot.addPrepare(prepare);
        }
        c.store.write(b -> ReplicaStore.putSlot(b, slot));
        if (prepare != null) {
            c.outbox.broadcast(prepare);
        } else if (!fromNewView) {
            c.outbox.broadcast(signed);
        }
        c.requestTimer.arm();
        advance(slot);
        return null;
    }

    /**
     * Whether a validator signed {@code request}. The very request pending here was verified when it came (or was
     * signed here), so only its sender's standing is checked again: its signature is verified once per replica.
     */
    private boolean authenticRequest(Signed request) {
        return request.equals(s.pending.get(PendingRequests.id(request))) ? s.epochs.isValidator(request.sender())
                : c.signatures.authentic(request);
    }

    DropReason onPrepare(Signed signed) {
        Prepare p = (Prepare) signed.message();
        if (s.inViewChange || p.view() != s.view) {
            return c.synchronizer.wrongView(signed.sender(), p.view());
        }
        DropReason window = checkWindow(p.sequence(), signed.sender());
        if (window != null) {
            return window;
        }
        if (s.primary(s.view, p.sequence()).map(signed.sender()::equals).orElse(false)) {
            return DropReason.INVALID;
        }
        Slot slot = s.slot(p.sequence());
        if (slot.view() != s.view) {
            // Executed in an earlier view: a late vote of this view adds nothing to its certificate.
            return DropReason.REPLAYED;
        }
        Signed earlier = slot.prepareOf(signed.sender());
        if (earlier != null) {
            return earlier.equals(signed) ? DropReason.REPLAYED : DropReason.CONFLICTING;
        }
        slot.addPrepare(signed);
        advance(slot);
        return null;
    }

    DropReason onCommit(Signed signed) {
        Commit commit = (Commit) signed.message();
        if (s.inViewChange || commit.view() != s.view) {
            return c.synchronizer.wrongView(signed.sender(), commit.view());
        }
        DropReason window = checkWindow(commit.sequence(), signed.sender());
        if (window != null) {
            return window;
        }
        Slot slot = s.slot(commit.sequence());
        if (slot.view() != s.view) {
            // Executed in an earlier view: a late vote of this view adds nothing to its certificate.
            return DropReason.REPLAYED;
        }
        Signed earlier = slot.commitOf(signed.sender());
        if (earlier != null) {
            return earlier.equals(signed) ? DropReason.REPLAYED : DropReason.CONFLICTING;
        }
        slot.addCommit(signed);
        advance(slot);
        return null;
    }

    /**
     * Between the watermarks, else why not. Votes for executed sequence numbers above the stable checkpoint still
     * land in their slot: they arrive late in the normal case, and only a repeated one is a replay.
     */
    private DropReason checkWindow(long sequence, String sender) {
        if (sequence <= s.stable) {
            return DropReason.OUT_OF_WINDOW;
        }
        if (sequence > s.stable + c.config.watermarkWindow()) {
            // Others are far ahead: this replica probably missed a checkpoint.
            c.stateManager.requestState(List.of(sender));
            return DropReason.OUT_OF_WINDOW;
        }
        return null;
    }

    /** Moves a slot through prepared and committed as far as its votes allow. */
    void advance(Slot slot) {
        Optional<Epoch> weighing = s.epochs.forSequence(slot.sequence(), s.lastExecuted);
        if (weighing.isEmpty() || slot.view() != s.view || s.inViewChange || slot.sequence() <= s.lastExecuted) {
            return;
        }
        Epoch epoch = weighing.get();
        if (!slot.preparedInView() && slot.hasPreparedQuorum(epoch)) {
            slot.recordPrepared();
            c.traces.phase(slot.prePrepareMessage().batch(), "prepared", s.view, slot.sequence());
            Signed commit = c.signatures.sign(new Commit(s.view, slot.sequence(), slot.digest()));
            slot.addCommit(commit);
            c.store.write(b -> ReplicaStore.putSlot(b, slot));
            c.outbox.broadcast(commit);
        }
        if (slot.preparedInView() && !slot.committed() && slot.hasCommitQuorum(epoch)) {
            slot.markCommitted();
            c.traces.phase(slot.prePrepareMessage().batch(), "committed", s.view, slot.sequence());
            c.instruments.committed(slot);
            if (slot.sequence() != s.lastExecuted + 1) {
                c.store.write(b -> ReplicaStore.putSlot(b, slot));
            } // else it executes now, and its certificate is stored in the same write as its execution
            c.execution.executeReady();
        }
    }

    /**
     * Execution moved on: the pre-prepares that waited for their epoch are checked now, and the slots after the last
     * executed one are weighed again (their epoch may have become known).
     */
    void afterProgress() {
        if (!earlyPrePrepares.isEmpty()) {
            List<Signed> early = earlyPrePrepares.values().stream().flatMap(m -> m.values().stream()).toList();
            earlyPrePrepares.clear();
            early.forEach(pp -> onPrePrepare(pp, false));
        }
        for (Slot slot : List.copyOf(s.unexecutedSlots())) {
            advance(slot);
        }
    }

    /** A new view is installed: pre-prepares of the view before it are void. */
    void forgetEarlyPrePrepares() {
        earlyPrePrepares.clear();
    }
}
