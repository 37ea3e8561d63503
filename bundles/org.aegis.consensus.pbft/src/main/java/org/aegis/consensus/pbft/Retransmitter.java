package org.aegis.consensus.pbft;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.ordering.Slot;

/**
 * While work is in progress, resends this replica's latest messages every retransmit interval and asks for what it
 * is missing: links may have lost them, and PBFT's liveness rests on every correct replica hearing them eventually.
 */
final class Retransmitter {
    private final ReplicaContext c;
    private final ReplicaState s;
    private ScheduledFuture<?> timer;

    Retransmitter(ReplicaContext c) {
        this.c = c;
        this.s = c.state;
    }

    void arm() {
        if (timer != null || s.stopped || !s.started || !workInProgress()) {
            return;
        }
        timer = c.tasks.schedule(c.config.retransmitInterval(), () -> {
            timer = null;
            retransmit();
            arm();
        });
    }

    void cancel() {
        Tasks.cancel(timer);
        timer = null;
    }

    private boolean workInProgress() {
        return c.stateManager.catchingUp() || s.inViewChange || !s.pending.isEmpty() || c.replies.waiting()
                || c.checkpoints.unstable() != null || (!s.log.isEmpty() && s.log.lastKey() > s.lastExecuted);
    }

    private void retransmit() {
        if (c.stateManager.catchingUp()) {
            c.stateManager.requestState(s.otherValidators());
        }
        // This replica's own requests go out in any view: if it is alone in a view change, the others may never
        // have heard them, and only they can order them.
        for (Signed request : s.pending.all()) {
            if (request.sender().equals(s.self)) {
                c.outbox.broadcast(request);
            }
        }
        c.replies.askAgain();
        if (s.inViewChange) {
            Signed viewChange = c.synchronizer.pendingViewChange();
            if (viewChange != null) {
                c.outbox.broadcast(viewChange);
            }
            // The others may have stayed in their view (this replica timed out alone): what they decide meanwhile
            // reaches it by state transfer, with their new-view message if they moved on.
            c.stateManager.requestState(s.validators());
            return;
        }
        for (Slot slot : s.unexecutedSlots()) {
            if (slot.view() != s.view || slot.prePrepare() == null) {
                continue;
            }
            if (s.isPrimary()) {
                c.outbox.broadcast(slot.prePrepare());
            }
            Signed prepare = slot.prepareOf(s.self);
            if (prepare != null) {
                c.outbox.broadcast(prepare);
            }
            Signed commit = slot.commitOf(s.self);
            if (commit != null) {
                c.outbox.broadcast(commit);
            }
        }
        c.requestTimer.repeat();
        if (!s.pending.isEmpty()) {
            // Waiting requests may have been decided while this replica missed a message: ask.
            c.stateManager.requestState(s.validators());
        } else {
            // Others committed a slot this replica cannot execute (it missed the pre-prepare or the votes): once the
            // network is quiet, nothing else would bring it, so ask those that committed it.
            committedAhead().ifPresent(c.stateManager::requestState);
        }
        Signed checkpoint = c.checkpoints.unstable();
        if (checkpoint != null) {
            c.outbox.broadcast(checkpoint);
        }
    }

    /**
     * The validators that committed a slot above the last executed one, when a weak certificate of them did (so an
     * honest one did): this replica is missing something it cannot execute without.
     */
    private Optional<Set<String>> committedAhead() {
        for (Slot slot : s.unexecutedSlots()) {
            Set<String> committers = slot.committers();
            if (s.epochFor(slot.sequence()).weak(committers)) {
                return Optional.of(committers);
            }
        }
        return Optional.empty();
    }
}
