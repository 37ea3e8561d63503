package org.aegis.consensus.pbft;

import java.time.Clock;
import org.aegis.consensus.pbft.persist.ReplicaStore;

/**
 * One replica's parts: its state, the services every role uses, and the roles themselves, which call each other
 * through it (the protocol's phases hand over to one another in both directions). Built once per replica; a role
 * keeps it and reaches the others only when an input runs, never while the context is being built.
 */
final class ReplicaContext {
    final ReplicaState state;
    final PbftConfig config;
    final Clock clock;
    final ReplicaStore store;
    final Signatures signatures;
    final Outbox outbox;
    final Tasks tasks;
    final ReplicaInstruments instruments;
    final RequestTraces traces;

    final ClientRequests requests;
    final Replies replies;
    final Acceptor acceptor;
    final Execution execution;
    final Checkpointing checkpoints;
    final RequestTimer requestTimer;
    final Synchronizer synchronizer;
    final StateManager stateManager;
    final Retransmitter retransmitter;

    ReplicaContext(ReplicaState state, Clock clock, ReplicaStore store, Signatures signatures, Outbox outbox,
            Tasks tasks, ReplicaInstruments instruments, RequestTraces traces) {
        this.state = state;
        this.config = state.config;
        this.clock = clock;
        this.store = store;
        this.signatures = signatures;
        this.outbox = outbox;
        this.tasks = tasks;
        this.instruments = instruments;
        this.traces = traces;
        this.requests = new ClientRequests(this);
        this.replies = new Replies(this);
        this.acceptor = new Acceptor(this);
        this.execution = new Execution(this);
        this.checkpoints = new Checkpointing(this);
        this.requestTimer = new RequestTimer(this);
        this.synchronizer = new Synchronizer(this);
        this.stateManager = new StateManager(this);
        this.retransmitter = new Retransmitter(this);
    }
}
