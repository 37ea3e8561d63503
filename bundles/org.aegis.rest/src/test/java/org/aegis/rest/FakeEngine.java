package org.aegis.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aegis.api.consensus.ConsensusBusyException;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.api.consensus.ValidatorSet;

/** An engine that decides at once what it is proposed, or fails as told; it records what it was proposed. */
final class FakeEngine implements ConsensusEngine {
    final List<Proposal> proposals = new CopyOnWriteArrayList<>();
    final List<String> proposed = new CopyOnWriteArrayList<>();
    volatile boolean running = true;
    volatile boolean reject;
    volatile boolean busy;
    volatile ConsensusState state;

    @Override
    public CompletionStage<Decision> propose(Proposal proposal) {
        if (!running) {
            return CompletableFuture.failedFuture(new IllegalStateException("the replica is not running"));
        }
        proposed.add(proposal.id());
        proposals.add(proposal);
        if (reject) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("this node is not a validator"));
        }
        if (busy) {
            return CompletableFuture.failedFuture(new ConsensusBusyException("1024 proposals undecided",
                    Duration.ofMillis(2500)));
        }
        return CompletableFuture.completedFuture(new Decision(1, 0, proposal, Instant.EPOCH));
    }

    @Override
    public ValidatorSet validators() {
        return state().validators();
    }

    @Override
    public long view() {
        return 0;
    }

    @Override
    public long lastCommitted() {
        return 0;
    }

    @Override
    public ConsensusState state() {
        if (state == null) {
            throw new UnsupportedOperationException("no state given to this fake");
        }
        return state;
    }

    @Override
    public Optional<ProposalStatus> status(String proposalId) {
        return Optional.empty();
    }

    @Override
    public List<Decision> decisions(long fromSequence, int limit) {
        return List.of();
    }
}
