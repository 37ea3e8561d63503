package org.aegis.api.consensus;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A consensus engine plugin; decisions are delivered to {@link DecisionListener} services. The node's replicated
 * state machine, federated learning, the REST API and the shell each bind the engine with the highest
 * {@code service.ranking} (an {@code Integer}, 0 when absent) and rebind when a higher-ranked one appears.
 *
 * <p>The engine delivers decisions itself: it binds every {@link DecisionListener} service and calls each with every
 * decision it commits, in sequence order, once, on a thread of its own (not the thread that runs the protocol, so a
 * slow listener never holds up consensus), catching and logging what a listener throws. It also keeps the log that
 * {@link #decisions} reads: listeners fill gaps from it.
 *
 * <p>Threading: every method may be called from any thread, concurrently (REST request threads, the shell, the
 * state machine's and federated learning's own threads): all must be thread-safe and must not block on the network;
 * the reads answer from memory or local storage.
 *
 * <p>Hot swap: when the engine's service goes away (its bundle stopped or updated, its configuration changed) it
 * must fail its pending {@link #propose} stages (PBFT: with an {@link IllegalStateException}); callers see the
 * proposal as failed, though the network may still decide it. Decisions already committed should be delivered before
 * it stops (PBFT waits for its delivery thread). Consumers rebind to the replacement and read what they missed with
 * {@link #decisions}, from their last applied sequence on, so a replacement must serve the same log (PBFT resumes
 * from the store).
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so an engine built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface ConsensusEngine {
    /**
     * Submits a proposal; completes when it is committed (or exceptionally when it is rejected). Returns at once.
     * A retry with the same id and content is the same proposal and completes with the same decision; the same id
     * with other content is rejected. Complete exceptionally with an {@link IllegalArgumentException} saying why for
     * a proposal refused (invalid, duplicate id with other content, this node not a validator), with a
     * {@link ConsensusBusyException} when the engine already holds as many undecided proposals as it may (it bounds
     * them, so that a network that cannot keep up refuses early instead of queueing without end), and with an
     * {@link IllegalStateException} when the engine is not running. REST answers 409 with the message for a refusal,
     * 503 with {@code Retry-After} when busy; while the proposal is undecided it answers 202 with {@link #status}. The stage may complete on
     * the engine's thread: callers only chain short callbacks.
     */
    CompletionStage<Decision> propose(Proposal proposal);

    /** The validators and weights in force. Quick, from any thread; federated learning takes its participants here. */
    ValidatorSet validators();

    /** The current view. Quick, from any thread. */
    long view();

    /**
     * Sequence number of the last committed decision, 0 before the first. Quick, from any thread; at or past the
     * sequence of every decision already delivered to a listener.
     */
    long lastCommitted();

    /**
     * View, sequence, primary, validators and fault tolerance, as one consistent snapshot. Quick, from any thread:
     * REST and the shell read it.
     */
    ConsensusState state();

    /**
     * What became of a proposal submitted to this replica or decided by the network; empty when unknown (REST then
     * answers 404). From any thread; may read local storage for old proposals.
     */
    Optional<ProposalStatus> status(String proposalId);

    /**
     * Committed decisions from {@code fromSequence} on, in order, at most {@code limit}; empty when there are none
     * yet. The list must start at {@code fromSequence} itself and have no gaps: the node's state machine and federated
     * learning page through it to catch up on what they missed (after a restart, a rebind or a missed delivery) and
     * stop at a gap. Called on their own threads and by REST; may read local storage.
     */
    List<Decision> decisions(long fromSequence, int limit);
}
