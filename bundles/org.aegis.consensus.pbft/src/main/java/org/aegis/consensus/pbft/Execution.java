package org.aegis.consensus.pbft;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.api.store.WriteBatch;
import org.aegis.consensus.pbft.message.Digest;
import org.aegis.consensus.pbft.message.Digests;
import org.aegis.consensus.pbft.message.Message.Entry;
import org.aegis.consensus.pbft.message.Message.ExecutedSlot;
import org.aegis.consensus.pbft.message.Message.Request;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.ordering.Slot;
import org.aegis.consensus.pbft.persist.ReplicaStore;
import org.aegis.consensus.pbft.persist.ReplicaStore.Executed;
import org.aegis.consensus.pbft.persist.ReplicaStore.Position;
import org.aegis.consensus.pbft.persist.ReplicaStore.StoredDecision;
import org.aegis.consensus.pbft.quorum.Epoch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes committed batches in sequence order: numbers their decisions, updates the weight epochs, stores it all in
 * one write, then tells the proposers and the decision listeners.
 */
final class Execution {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final ReplicaContext c;
    private final ReplicaState s;
    private final List<TracedDecisionListener> listeners = new CopyOnWriteArrayList<>();

    Execution(ReplicaContext c) {
        this.c = c;
        this.s = c.state;
    }

    /** Adds a listener of every decision from now on; any thread. */
    void listen(TracedDecisionListener listener) {
        listeners.add(listener);
    }

    void unlisten(TracedDecisionListener listener) {
        listeners.remove(listener);
    }

    /** Executes the committed slots that follow the last executed one, in order. */
    void executeReady() {
        long before = s.lastExecuted;
        Slot next;
        while ((next = s.log.get(s.lastExecuted + 1)) != null && next.committed()) {
            Slot committed = next;
            executeBatch(next.sequence(), next.view(), next.prePrepareMessage().batch(), next.matchingCommits(),
                    b -> ReplicaStore.putSlot(b, committed));
        }
        if (s.lastExecuted > before) {
            afterProgress();
        }
    }

    /**
     * Executes a committed batch: each proposal id once, the first time it is decided; {@code alongside} adds its
     * own changes to the execution's store write.
     */
    void executeBatch(long sequence, long inView, List<Signed> batch, List<Signed> commits,
            Consumer<WriteBatch> alongside) {
        Set<String> seen = new HashSet<>();
        List<Entry> entries = new ArrayList<>();
        List<ProposalStatus.Vote> votes = new ArrayList<>();
        Epoch epoch = s.epochFor(sequence);
        commits.forEach(commit -> votes.add(new ProposalStatus.Vote(commit.sender(), epoch.weight(commit.sender()))));
        for (Signed request : batch) {
            Proposal p = ((Request) request.message()).proposal();
            if (seen.add(p.id()) && c.store.decisionOf(p.id()).isEmpty()) {
                entries.add(new Entry(request.sender(), p));
            }
        }
        apply(new ExecutedSlot(sequence, entries), inView, votes, epoch, true, alongside);
    }

    /**
     * Executes one slot's entries: decisions numbered on, weight epochs updated, all of it written in one batch before
     * anyone hears of it (with {@code alongside}'s changes); then the replies ({@code replyToSigners} false: only
     * this replica's own, for slots decided long ago), futures, statuses, listeners and, at a checkpoint, the
     * checkpoint message.
     */
    void apply(ExecutedSlot executed, long inView, List<ProposalStatus.Vote> votes, Epoch epoch,
            boolean replyToSigners, Consumer<WriteBatch> alongside) {
        Digest next = Digests.chain(s.state, executed);
        List<StoredDecision> decided = new ArrayList<>();
        long first = s.decisionCount + 1;
        for (Entry e : executed.entries()) {
            decided.add(new StoredDecision(new Decision(first + decided.size(), inView, e.proposal(),
                    c.clock.instant()), executed.sequence(), e.signer()));
            s.epochs.apply(e.signer(), e.proposal());
        }
        s.epochs.onExecuted(executed.sequence());
        byte[] epochBytes = s.epochs.encode();
        Position position = new Position(executed.sequence(), next, s.decisionCount + decided.size());
        c.store.write(b -> {
            decided.forEach(d -> ReplicaStore.putDecision(b, d));
            ReplicaStore.putExecuted(b, new Executed(executed.sequence(), inView, next, first, decided.size()));
            ReplicaStore.putPosition(b, position);
            ReplicaStore.putEpochs(b, epochBytes);
            alongside.accept(b);
        });
        s.lastExecuted = executed.sequence();
        s.state = next;
        s.decisionCount = position.decisionCount();
        // before anyone hears of these decisions: whoever got one then sees lastCommitted at or past it
        s.publishSnapshot();
        long voted = votes.stream().mapToLong(ProposalStatus.Vote::weight).sum();
        c.replies.executed(decided, replyToSigners);
        for (StoredDecision d : decided) {
            Decision decision = d.decision();
            c.requests.decided(d, votes, voted, epoch.totalWeight());
            String traceparent = c.traces.executed(decision.proposal().id(), decision.sequence());
            for (TracedDecisionListener listener : listeners) {
                try {
                    listener.onDecision(decision, traceparent);
                } catch (RuntimeException e) {
                    LOG.error("Decision listener {} failed on decision {}", listener, decision.sequence(), e);
                }
            }
        }
        c.checkpoints.executed(executed.sequence());
    }

    /**
     * After execution moved on: the request timer restarts if the request it watched is executed, the next
     * interval's votes can be weighed, the primary goes on.
     */
    void afterProgress() {
        s.viewChangeAttempts = 0;
        c.requestTimer.afterProgress();
        c.acceptor.afterProgress();
        c.acceptor.orderIfPrimary(false);
        s.publishSnapshot();
    }
}
