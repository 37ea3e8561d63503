package org.aegis.consensus.pbft;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.consensus.pbft.message.Digest;
import org.aegis.consensus.pbft.message.Digests;
import org.aegis.consensus.pbft.message.MalformedMessageException;
import org.aegis.consensus.pbft.message.Message.PrePrepare;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.ordering.PendingRequests;
import org.aegis.consensus.pbft.ordering.Slot;
import org.aegis.consensus.pbft.persist.ReplicaStore;
import org.aegis.consensus.pbft.persist.ReplicaStore.ViewRecord;
import org.aegis.consensus.pbft.quorum.Epoch;
import org.aegis.consensus.pbft.quorum.Quorums;
import org.aegis.consensus.pbft.quorum.WeightEpochs;

/**
 * What every protocol role of one replica reads and moves on: the view, the execution point, the stable checkpoint,
 * the log of slots and the pending requests. Confined to the replica's executor, except {@link #snapshot()}, which
 * any thread reads.
 */
final class ReplicaState {
    final String self;
    final PbftConfig config;
    final WeightEpochs epochs;
    final TreeMap<Long, Slot> log = new TreeMap<>();
    final PendingRequests pending = new PendingRequests();

    long view;
    boolean inViewChange;
    /** The new-view message that started the current view (null in view 0). */
    Signed lastNewView;
    long lastExecuted;
    Digest state = Digests.GENESIS;
    long decisionCount;
    long stable;
    Digest stableState = Digests.GENESIS;
    /** The primary's last assigned sequence number in this view. */
    long lastAssigned;
    /** View changes since the last execution: the exponent of the timeouts' backoff. */
    int viewChangeAttempts;
    boolean started;
    boolean stopped;

    private volatile ConsensusState snapshot;

    ReplicaState(String self, PbftConfig config, WeightEpochs epochs) {
        this.self = self;
        this.config = config;
        this.epochs = epochs;
        publishSnapshot();
    }

    /**
     * Restores what the store kept; the slots after the last executed one come back with their requests pending.
     *
     * @return whether the replica was killed during a view change
     */
    boolean restore(ReplicaStore store) {
        store.epochs().ifPresent(bytes -> {
            try {
                epochs.restore(bytes);
            } catch (MalformedMessageException e) {
                throw new IllegalStateException("The store's weight epochs are corrupt: " + e.getMessage(), e);
            }
        });
        store.position().ifPresent(p -> {
            lastExecuted = p.lastExecuted();
            state = p.state();
            decisionCount = p.decisionCount();
        });
        store.stable().ifPresent(c -> {
            stable = c.sequence();
            stableState = c.state();
        });
        boolean wasChanging = false;
        Optional<ViewRecord> viewRecord = store.view();
        if (viewRecord.isPresent()) {
            view = viewRecord.get().view();
            lastNewView = viewRecord.get().newView();
            wasChanging = viewRecord.get().changing();
        }
        lastAssigned = lastExecuted;
        for (Slot slot : store.slots()) {
            if (slot.sequence() > stable) {
                log.put(slot.sequence(), slot);
                if (slot.sequence() > lastExecuted && slot.prePrepare() != null) {
                    PrePrepare pp = slot.prePrepareMessage();
                    pp.batch().forEach(pending::add);
                    if (slot.view() == view) {
                        pending.markAssigned(pp.batch());
                        lastAssigned = Math.max(lastAssigned, slot.sequence());
                    }
                }
            }
        }
        return wasChanging;
    }

    /** Whether this replica starts {@link #view} and resends its pre-prepares. */
    boolean isPrimary() {
        return primary(view).equals(self);
    }

    /**
     * The primary that starts view {@code v} with its new view: picked from the epoch in force after this replica's
     * last executed checkpoint.
     */
    String primary(long v) {
        return epochs.current().primary(v);
    }

    /**
     * The primary that orders sequence number {@code n} in view {@code v}: that of the epoch counting n's votes, so
     * every replica names the same one whatever it has executed; empty while that epoch is not known yet (the
     * checkpoint before n is not executed). A validator set changes at a checkpoint, and from there the new set's
     * primary of the view orders the sequence numbers that follow.
     */
    Optional<String> primary(long v, long n) {
        return epochs.forSequence(n, lastExecuted).map(e -> e.primary(v));
    }

    /**
     * Whether {@code sender} may have pre-prepared sequence number {@code n} in view {@code v}: the primary of n's
     * epoch, or the primary that started the view (its new view re-proposes sequence numbers of earlier epochs).
     */
    boolean mayPrePrepare(String sender, long v, long n) {
        return sender.equals(epochFor(n).primary(v)) || sender.equals(primary(v));
    }

    /** The epoch that weighs the votes for {@code n}, or the current one when n's is not known yet. */
    Epoch epochFor(long n) {
        return epochs.forSequenceOrCurrent(n, lastExecuted);
    }

    /** The slot of {@code sequence}, made in the current view if new; a slot not executed yet follows the view. */
    Slot slot(long sequence) {
        Slot slot = log.computeIfAbsent(sequence, n -> new Slot(n, view));
        if (sequence > lastExecuted) {
            // An executed slot keeps the certificate it executed with, whatever view came since: state transfer
            // serves it to the replicas behind until the next stable checkpoint.
            slot.enterView(view);
        }
        return slot;
    }

    /** The slots after the last executed one, in sequence order (a live view). */
    Collection<Slot> unexecutedSlots() {
        return log.tailMap(lastExecuted, false).values();
    }

    /** Re-marks the requests of this view's pre-prepares still in flight as assigned. */
    void markAssignedInView() {
        for (Slot slot : unexecutedSlots()) {
            if (slot.view() == view && slot.prePrepare() != null) {
                pending.markAssigned(slot.prePrepareMessage().batch());
            }
        }
    }

    List<String> validators() {
        return epochs.current().set().validators().stream().map(v -> v.peerId()).toList();
    }

    List<String> otherValidators() {
        return validators().stream().filter(p -> !p.equals(self)).toList();
    }

    /** The wait before suspecting a primary or giving up on a new view: doubled per view change since progress. */
    Duration backoff() {
        Duration base = config.viewChangeTimeout();
        long factor = 1L << Math.min(viewChangeAttempts, 20);
        Duration d = base.multipliedBy(factor);
        return d.compareTo(config.maxViewChangeTimeout()) > 0 ? config.maxViewChangeTimeout() : d;
    }

    /** The slots above {@code from}, in sequence order (a live view). */
    Map<Long, Slot> slotsAfter(long from) {
        return log.tailMap(from, false);
    }

    void publishSnapshot() {
        Epoch epoch = epochs.current();
        long total = epoch.totalWeight();
        snapshot = new ConsensusState(view, epoch.primary(view), decisionCount, stable, epoch.set(),
                Quorums.faultToleranceWeight(total), Quorums.faultToleranceCount(epoch.weightList()), inViewChange);
    }

    /** The latest published state, for any thread. */
    ConsensusState snapshot() {
        return snapshot;
    }
}
