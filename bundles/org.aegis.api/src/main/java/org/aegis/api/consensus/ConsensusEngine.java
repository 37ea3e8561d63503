package org.aegis.api.consensus;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/** A consensus engine plugin; decisions are delivered to {@link DecisionListener} services. */
@ConsumerType
public interface ConsensusEngine {
    /** Submits a proposal; completes when it is committed (or exceptionally when it is rejected). */
    CompletionStage<Decision> propose(Proposal proposal);

    /** The validators and weights in force. */
    ValidatorSet validators();

    /** The current view. */
    long view();

    /** Sequence number of the last committed decision, 0 before the first. */
    long lastCommitted();

    /** View, sequence, primary, validators and fault tolerance, as one consistent snapshot. */
    ConsensusState state();

    /** What became of a proposal submitted to this replica or decided by the network; empty when unknown. */
    Optional<ProposalStatus> status(String proposalId);

    /** Committed decisions from {@code fromSequence} on, in order, at most {@code limit}. */
    List<Decision> decisions(long fromSequence, int limit);
}
