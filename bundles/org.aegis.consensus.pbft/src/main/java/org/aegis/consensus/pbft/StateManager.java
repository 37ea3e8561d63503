package org.aegis.consensus.pbft;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.aegis.consensus.pbft.message.Message.CommittedProof;
import org.aegis.consensus.pbft.message.Message.ExecutedSlot;
import org.aegis.consensus.pbft.message.Message.FetchState;
import org.aegis.consensus.pbft.message.Message.StateReply;
import org.aegis.consensus.pbft.message.MessageCodec;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.ordering.Slot;
import org.aegis.consensus.pbft.quorum.Epoch;
import org.aegis.consensus.pbft.statetransfer.StateTransfer;
import org.aegis.consensus.pbft.viewchange.ProofRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State transfer: a replica that is behind asks the validators for what follows its last executed sequence number
 * and executes what their replies prove (a stable checkpoint's decisions, then commit certificates); every replica
 * answers such requests.
 */
final class StateManager {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final ReplicaContext c;
    private final ReplicaState s;
    private final StateTransfer stateTransfer;
    /**
     * Catching up after a start or a new transport: asking every validator for what this replica missed, once per
     * retransmit interval, until the validators that answered with nothing newer form a weak certificate (or are all
     * the others). Asking once is not enough: at start the transport may not be bound or connected yet, and an idle
     * network sends nothing else that would reveal the gap. Meanwhile the request timer does not run: requests wait
     * because this replica is behind or cannot reach anyone, not because the primary fails, and a view change nobody
     * else joins would keep this replica out of the protocol until the others change view.
     */
    private boolean catchingUp;
    /** The validators whose last answer, since this replica last made progress, held nothing newer. */
    private final Set<String> caughtUpWith = new HashSet<>();

    StateManager(ReplicaContext c) {
        this.c = c;
        this.s = c.state;
        this.stateTransfer = new StateTransfer(c.store);
    }

    boolean catchingUp() {
        return catchingUp;
    }

    /** Asks {@code peers} for what follows the last executed sequence number, at most once per retransmit interval. */
    void requestState(Collection<String> peers) {
        if (!stateTransfer.mayAsk(c.clock.instant(), c.config.retransmitInterval())) {
            return;
        }
        Signed fetch = c.signatures.sign(new FetchState(s.lastExecuted + 1, s.view));
        peers.stream().filter(p -> !p.equals(s.self)).distinct().forEach(p -> c.outbox.send(p, fetch));
    }

    /** Answers every fetch, with an empty reply when there is nothing newer: the asker may be catching up. */
    DropReason onFetchState(Signed signed) {
        FetchState fetch = (FetchState) signed.message();
        Signed newView = s.view > fetch.view() && !s.inViewChange ? s.lastNewView : null;
        c.outbox.send(signed.sender(), c.signatures.sign(stateTransfer.reply(fetch.fromSequence(), s.lastExecuted,
                this::committedFrom, newView)));
        return null;
    }

    /** Starts asking every other validator for what follows the last executed sequence number (see catchingUp). */
    void catchUp() {
        List<String> others = s.otherValidators();
        catchingUp = !others.isEmpty();
        if (catchingUp) {
            c.requestTimer.cancel();
        }
        caughtUpWith.clear();
        stateTransfer.answered();
        requestState(others);
        c.retransmitter.arm();
    }

    /** The commit certificates this replica holds from {@code from} on, without a gap. */
    private List<CommittedProof> committedFrom(long from) {
        List<CommittedProof> proofs = new ArrayList<>();
        for (long n = from; n <= s.lastExecuted && proofs.size() < MessageCodec.MAX_SLOTS; n++) {
            Slot slot = s.log.get(n);
            if (slot == null || slot.prePrepare() == null) {
                break;
            }
            List<Signed> commits = slot.matchingCommits();
            if (!s.epochFor(n).strong(commits.stream().map(Signed::sender).toList())) {
                break;
            }
            proofs.add(new CommittedProof(slot.prePrepare(), commits));
        }
        return proofs;
    }

    DropReason onStateReply(Signed signed) {
        long entry = s.lastExecuted;
        DropReason outcome = applyStateReply(signed);
        if (outcome == null && catchingUp) {
            if (s.lastExecuted > entry) {
                // one reply holds a bounded number of slots: ask again at once
                caughtUpWith.clear();
                stateTransfer.answered();
                requestState(s.otherValidators());
            } else {
                caughtUpWith.add(signed.sender());
                if (s.epochs.current().weak(caughtUpWith) || caughtUpWith.containsAll(s.otherValidators())) {
                    catchingUp = false;
                    LOG.info("{}: caught up at sequence {} with {}", s.self, s.lastExecuted, caughtUpWith);
                    c.requestTimer.arm();
                }
            }
        }
        return outcome;
    }

    private DropReason applyStateReply(Signed signed) {
        StateReply reply = (StateReply) signed.message();
        if (!reply.slots().isEmpty()) {
            Optional<StateTransfer.Verified> verified = stateTransfer.verify(reply, s.lastExecuted, s.state,
                    (n, digest, proof) -> c.synchronizer.proofRules().checkCheckpointProof(n, digest, proof));
            if (verified.isEmpty()) {
                return DropReason.INVALID;
            }
            StateTransfer.Verified v = verified.get();
            LOG.info("{}: state transfer from {} executes {} to {}", s.self, signed.sender(), s.lastExecuted + 1,
                    v.checkpoint());
            for (ExecutedSlot slot : v.slots()) {
                Epoch epoch = s.epochFor(slot.sequence());
                c.execution.apply(slot, s.view, List.of(), epoch, false, b -> { });
            }
            if (v.checkpoint() > s.stable) {
                c.checkpoints.makeStable(v.checkpoint(), v.state(), reply.checkpointProof());
            }
            for (Slot slot : s.unexecutedSlots()) {
                slot.enterView(s.view);
            }
            stateTransfer.answered();
            c.execution.afterProgress();
            requestState(List.of(signed.sender()));
        }
        long before = s.lastExecuted;
        ProofRules rules = c.synchronizer.proofRules();
        for (CommittedProof proof : reply.committed()) {
            long n = proof.message().sequence();
            if (n <= s.lastExecuted) {
                continue;
            }
            if (n != s.lastExecuted + 1) {
                break;
            }
            if (rules.checkCommitted(proof) != null) {
                return DropReason.INVALID;
            }
            c.execution.executeBatch(n, proof.message().view(), proof.message().batch(), proof.commits(),
                    b -> { });
        }
        if (s.lastExecuted > before) {
            c.execution.afterProgress();
        }
        if (reply.newView() != null && c.signatures.authentic(reply.newView())) {
            DropReason outcome = c.synchronizer.onNewView(reply.newView());
            if (outcome == DropReason.INVALID) {
                return outcome;
            }
        }
        return null;
    }
}
