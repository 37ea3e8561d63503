package org.aegis.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionListener;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.api.consensus.Validator;
import org.aegis.api.consensus.ValidatorSet;

/**
 * A consensus engine for unit tests, which one or several in-JVM nodes may share: orders every proposal totally,
 * the moment it arrives, and delivers each decision to every listener in that order, on the proposer's thread. A
 * repeated id with the same content is the same proposal; with other content it is refused, as a real engine does.
 * Every validator weighs 1; the view is 1 and never changes.
 */
public final class FakeConsensusEngine implements ConsensusEngine {
    private final List<String> validators;
    private final List<DecisionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<Decision> log = new ArrayList<>();
    private final Map<String, Decision> byId = new HashMap<>();

    /** An engine whose validators are these peer ids. */
    public FakeConsensusEngine(List<String> validators) {
        this.validators = List.copyOf(validators);
    }

    /** Delivers every later decision to {@code listener} too (as DS binds a node's listeners to an engine). */
    public void listen(DecisionListener listener) {
        listeners.add(listener);
    }

    /** Every decision so far, in order. */
    public synchronized List<Decision> log() {
        return List.copyOf(log);
    }

    @Override
    public synchronized CompletionStage<Decision> propose(Proposal proposal) {
        Decision earlier = byId.get(proposal.id());
        if (earlier != null) {
            return Arrays.equals(earlier.proposal().payload(), proposal.payload())
                    ? CompletableFuture.completedFuture(earlier)
                    : CompletableFuture.failedFuture(new IllegalStateException("duplicate id " + proposal.id()));
        }
        Decision decision = new Decision(log.size() + 1L, 1, proposal, Instant.now());
        log.add(decision);
        byId.put(proposal.id(), decision);
        listeners.forEach(listener -> listener.onDecision(decision));
        return CompletableFuture.completedFuture(decision);
    }

    @Override
    public ValidatorSet validators() {
        return new ValidatorSet(0, validators.stream().map(id -> new Validator(id, 1)).toList(), validators.size());
    }

    @Override
    public long view() {
        return 1;
    }

    @Override
    public synchronized long lastCommitted() {
        return log.size();
    }

    @Override
    public synchronized ConsensusState state() {
        return new ConsensusState(view(), validators.isEmpty() ? "" : validators.get(0), log.size(), log.size(),
                validators(), 0, 0, false);
    }

    @Override
    public synchronized Optional<ProposalStatus> status(String proposalId) {
        return Optional.ofNullable(byId.get(proposalId)).map(decision -> new ProposalStatus(decision.proposal(),
                ProposalStatus.State.DECIDED, decision.sequence(), decision.view(),
                validators.stream().map(id -> new ProposalStatus.Vote(id, 1)).toList(), validators.size(),
                validators.size(), null));
    }

    @Override
    public synchronized List<Decision> decisions(long fromSequence, int limit) {
        int from = (int) Math.max(0, fromSequence - 1);
        return from >= log.size() ? List.of() : List.copyOf(log.subList(from, Math.min(log.size(), from + limit)));
    }
}
