package org.aegis.consensus.pbft;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import org.aegis.consensus.pbft.message.Digest;
import org.aegis.consensus.pbft.message.Message.NewView;
import org.aegis.consensus.pbft.message.Message.PrePrepare;
import org.aegis.consensus.pbft.message.Message.PreparedProof;
import org.aegis.consensus.pbft.message.Message.ViewChange;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.ordering.Slot;
import org.aegis.consensus.pbft.persist.ReplicaStore;
import org.aegis.consensus.pbft.persist.ReplicaStore.ViewRecord;
import org.aegis.consensus.pbft.viewchange.NewViewPlan;
import org.aegis.consensus.pbft.viewchange.ProofRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * View changes: this replica leaves a view with its prepared certificates, joins a later view a weak certificate of
 * validators moved to, and installs a new view from its primary's proof; as the new primary it builds that proof.
 */
final class Synchronizer {
    /** View changes for views further ahead than this are not kept. */
    static final long MAX_VIEW_AHEAD = 64;

    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final ReplicaContext c;
    private final ReplicaState s;
    private final TreeMap<Long, Map<String, Signed>> viewChanges = new TreeMap<>();
    private Signed myViewChange;
    private Signed myNewView;
    /** When this replica last sent each peer its new-view message because the peer was behind. */
    private final Map<String, Instant> newViewResent = new HashMap<>();
    /** The highest view each peer was heard in, above ours. */
    private final Map<String, Long> higherViews = new HashMap<>();
    private ScheduledFuture<?> newViewTimer;

    Synchronizer(ReplicaContext c) {
        this.c = c;
        this.s = c.state;
    }

    /** A message of another view; when a weak certificate of validators is in later views, learns their new view. */
    DropReason wrongView(String sender, long messageView) {
        if (messageView > s.view) {
            higherViews.merge(sender, messageView, Math::max);
            if (s.epochs.current().weak(higherViews.keySet())) {
                c.stateManager.requestState(higherViews.keySet());
            }
        }
        return DropReason.WRONG_VIEW;
    }

    /** Killed during a view change: it promised not to take part in the views before, so it changes again. */
    void resumeAfterRestart() {
        long target = s.view;
        s.view = target - 1;
        startViewChange(target);
    }

    void startViewChange(long newView) {
        if (newView <= s.view) {
            return;
        }
        s.view = newView;
        s.inViewChange = true;
        s.viewChangeAttempts++;
        c.instruments.viewChangeStarted();
        c.requestTimer.forgetSuspicions();
        c.requestTimer.cancel();
        c.acceptor.cancelBatchTimer();
        cancel();
        s.pending.clearAssignments();
        myNewView = null;
        higherViews.values().removeIf(v -> v <= newView);
        List<PreparedProof> prepared = new ArrayList<>();
        for (Slot slot : s.slotsAfter(s.stable).values()) {
            if (slot.preparedProof() != null) {
                prepared.add(slot.preparedProof());
            }
        }
        List<Signed> proof = s.stable == 0 ? List.of() : c.store.checkpointProof(s.stable).orElse(List.of());
        myViewChange = c.signatures.sign(new ViewChange(newView, s.stable, s.stableState, proof, prepared));
        ViewRecord record = new ViewRecord(s.view, true, s.lastNewView);
        c.store.write(b -> ReplicaStore.putView(b, record));
        viewChanges.computeIfAbsent(newView, v -> new LinkedHashMap<>()).put(s.self, myViewChange);
        LOG.info("{}: view change to {} ({} prepared certificates)", s.self, newView, prepared.size());
        c.outbox.broadcast(myViewChange);
        afterViewChangeVote(newView);
        s.publishSnapshot();
    }

    /** This replica's view change while it waits for the new view (resent meanwhile), or null. */
    Signed pendingViewChange() {
        return s.inViewChange ? myViewChange : null;
    }

    void cancel() {
        Tasks.cancel(newViewTimer);
        newViewTimer = null;
    }

    ProofRules proofRules() {
        return new ProofRules(c.signatures::authentic, s::epochFor, s::mayPrePrepare, c.config.watermarkWindow());
    }

    DropReason onViewChange(Signed signed) {
        ViewChange vc = (ViewChange) signed.message();
        if (vc.newView() < s.view || (vc.newView() == s.view && !s.inViewChange)) {
            if (!s.inViewChange && s.lastNewView != null) {
                // The sender still waits for a view this replica has left or installed: the new-view message that
                // ended it may never have reached the sender, and nobody else resends it. Once per retransmit
                // interval per sender, so replayed view changes cannot make this replica flood.
                Instant now = c.clock.instant();
                Instant last = newViewResent.get(signed.sender());
                if (last == null || !now.isBefore(last.plus(c.config.retransmitInterval()))) {
                    newViewResent.put(signed.sender(), now);
                    c.outbox.send(signed.sender(), s.lastNewView);
                }
            }
            return DropReason.WRONG_VIEW;
        }
        if (vc.newView() > s.view + MAX_VIEW_AHEAD) {
            // Far ahead: this replica missed view changes; the new-view message comes with a state reply.
            c.stateManager.requestState(List.of(signed.sender()));
            return DropReason.OUT_OF_WINDOW;
        }
        Map<String, Signed> votes = viewChanges.computeIfAbsent(vc.newView(), v -> new LinkedHashMap<>());
        Signed earlier = votes.get(signed.sender());
        if (earlier != null) {
            if (earlier.equals(signed)) {
                // A peer resends its view change when it waits for a new view: it may have missed ours.
                if (myNewView != null && ((NewView) myNewView.message()).view() == vc.newView()) {
                    c.outbox.send(signed.sender(), myNewView);
                }
                return DropReason.REPLAYED;
            }
            return DropReason.CONFLICTING;
        }
        String problem = proofRules().checkViewChange(vc);
        if (problem != null) {
            LOG.debug("{}: invalid view change from {}: {}", s.self, signed.sender(), problem);
            return DropReason.INVALID;
        }
        // A sender's view change for a later view supersedes its earlier ones.
        viewChanges.headMap(vc.newView()).values().forEach(earlierVotes -> earlierVotes.remove(signed.sender()));
        votes.put(signed.sender(), signed);
        afterViewChangeVote(vc.newView());
        return null;
    }

    /** Joins a later view a weak certificate already moved to; as the new primary, starts the view once it can. */
    private void afterViewChangeVote(long newView) {
        Map<String, Long> ahead = new HashMap<>();
        viewChanges.tailMap(s.view, false).forEach((v, votes) -> votes.keySet().forEach(
                sender -> ahead.merge(sender, v, Math::min)));
        if (!ahead.isEmpty() && s.epochs.current().weak(ahead.keySet())) {
            long smallest = ahead.values().stream().mapToLong(Long::longValue).min().orElse(s.view);
            if (smallest > s.view) {
                startViewChange(smallest);
                return;
            }
        }
        if (!s.inViewChange) {
            return;
        }
        // The new view must come in time once a certificate of validators is changing to it or to a later view: a
        // sender's view change for a later view replaced its earlier ones here, but it has left this view too.
        Set<String> leaving = new HashSet<>();
        viewChanges.tailMap(s.view, true).values().forEach(votes -> leaving.addAll(votes.keySet()));
        if (newViewTimer == null && s.epochs.current().strong(leaving)) {
            long waitingFor = s.view;
            newViewTimer = c.tasks.schedule(s.backoff(), () -> {
                newViewTimer = null;
                if (s.inViewChange && s.view == waitingFor) {
                    LOG.info("{}: no new view {} in time; moving on", s.self, waitingFor);
                    startViewChange(waitingFor + 1);
                }
            });
        }
        Map<String, Signed> votes = viewChanges.getOrDefault(s.view, Map.of());
        if (newView != s.view || !s.epochs.current().strong(votes.keySet())) {
            return;
        }
        if (s.isPrimary() && myNewView == null) {
            List<Signed> used = List.copyOf(votes.values());
            NewViewPlan plan = NewViewPlan.of(used.stream().map(v -> (ViewChange) v.message()).toList());
            List<Signed> prePrepares = new ArrayList<>();
            for (long n = plan.checkpoint() + 1; n <= plan.lastSequence(); n++) {
                prePrepares.add(c.signatures.sign(plan.prePrepare(s.view, n)));
            }
            myNewView = c.signatures.sign(new NewView(s.view, used, prePrepares));
            LOG.info("{}: new view {} re-proposes {} sequence numbers after {}", s.self, s.view, prePrepares.size(),
                    plan.checkpoint());
            c.outbox.broadcast(myNewView);
            installNewView(myNewView, plan);
        }
    }

    DropReason onNewView(Signed signed) {
        NewView nv = (NewView) signed.message();
        if (nv.view() < s.view || (nv.view() == s.view && !s.inViewChange)) {
            return nv.view() == s.view && signed.equals(s.lastNewView) ? DropReason.REPLAYED : DropReason.WRONG_VIEW;
        }
        if (!signed.sender().equals(s.primary(nv.view()))) {
            return DropReason.INVALID;
        }
        NewViewPlan plan = checkNewView(nv, signed.sender());
        if (plan == null) {
            return DropReason.INVALID;
        }
        if (nv.view() > s.view) {
            // Joining a later view directly: this replica promised nothing to the views in between.
            s.view = nv.view();
        }
        installNewView(signed, plan);
        return null;
    }

    /** The plan a new-view message must follow, or {@code null} when it does not prove its view. */
    private NewViewPlan checkNewView(NewView nv, String primary) {
        ProofRules rules = proofRules();
        Set<String> senders = new HashSet<>();
        List<ViewChange> used = new ArrayList<>();
        for (Signed signed : nv.viewChanges()) {
            ViewChange vc = (ViewChange) signed.message();
            if (vc.newView() != nv.view() || !senders.add(signed.sender()) || !c.signatures.authentic(signed)
                    || rules.checkViewChange(vc) != null) {
                return null;
            }
            used.add(vc);
        }
        if (used.isEmpty() || !s.epochs.current().strong(senders)) {
            return null;
        }
        NewViewPlan plan = NewViewPlan.of(used);
        if (nv.prePrepares().size() != plan.batches().size()) {
            return null;
        }
        for (int i = 0; i < nv.prePrepares().size(); i++) {
            Signed signed = nv.prePrepares().get(i);
            PrePrepare pp = (PrePrepare) signed.message();
            long n = plan.checkpoint() + 1 + i;
            if (!signed.sender().equals(primary) || pp.view() != nv.view() || pp.sequence() != n
                    || !pp.digest().equals(plan.prePrepare(nv.view(), n).digest()) || !c.signatures.authentic(signed)) {
                return null;
            }
        }
        return plan;
    }

    private void installNewView(Signed signed, NewViewPlan plan) {
        NewView nv = (NewView) signed.message();
        s.inViewChange = false;
        c.requestTimer.forgetSuspicions();
        s.lastNewView = signed;
        cancel();
        viewChanges.headMap(s.view, true).clear();
        c.acceptor.forgetEarlyPrePrepares();
        higherViews.values().removeIf(v -> v <= s.view);
        s.pending.clearAssignments();
        ViewRecord record = new ViewRecord(s.view, false, signed);
        c.store.write(b -> ReplicaStore.putView(b, record));
        LOG.info("{}: view {} installed, primary {}", s.self, s.view, s.primary(s.view));
        if (plan.checkpoint() > s.lastExecuted) {
            c.stateManager.requestState(nv.viewChanges().stream().map(Signed::sender).toList());
        } else if (plan.checkpoint() > s.stable) {
            Digest executedState = c.checkpoints.stateAt(plan.checkpoint());
            if (plan.checkpointState().equals(executedState)) {
                c.checkpoints.makeStable(plan.checkpoint(), executedState, plan.checkpointProof());
            }
        }
        for (Slot slot : s.unexecutedSlots()) {
            slot.enterView(s.view);
        }
        s.lastAssigned = Math.max(s.lastExecuted, plan.lastSequence());
        for (Signed pp : nv.prePrepares()) {
            if (((PrePrepare) pp.message()).sequence() > s.lastExecuted) {
                DropReason outcome = c.acceptor.onPrePrepare(pp, true);
                if (outcome != null && outcome != DropReason.REPLAYED) {
                    LOG.debug("{}: pre-prepare of the new view not taken: {}", s.self, outcome);
                }
            }
        }
        s.markAssignedInView();
        c.requestTimer.arm();
        c.acceptor.orderIfPrimary(false);
        s.publishSnapshot();
    }
}
