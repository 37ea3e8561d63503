package org.aegis.api.consensus;

import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ProviderType;

/** A consensus engine plugin; decisions are delivered to {@link DecisionListener} services. */
@ProviderType
public interface ConsensusEngine {
    /** Submits a proposal; completes when it is committed (or exceptionally when it is rejected). */
    CompletionStage<Decision> propose(Proposal proposal);

    /** The validators and weights in force. */
    ValidatorSet validators();

    /** The current view. */
    long view();

    /** Sequence number of the last committed decision, 0 before the first. */
    long lastCommitted();
}
