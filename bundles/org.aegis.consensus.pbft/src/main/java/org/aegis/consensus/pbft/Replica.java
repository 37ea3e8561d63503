package org.aegis.consensus.pbft;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import org.aegis.api.Registration;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionListener;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.api.consensus.ValidatorSet;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.metrics.WeightProvider;
import org.aegis.api.store.Store;
import org.aegis.api.telemetry.MetricSource;
import org.aegis.api.telemetry.MetricWriter;
import org.aegis.api.tracing.Tracing;
import org.aegis.api.transport.Transport;
import org.aegis.consensus.pbft.message.MalformedMessageException;
import org.aegis.consensus.pbft.message.Message;
import org.aegis.consensus.pbft.message.Message.Checkpoint;
import org.aegis.consensus.pbft.message.Message.Commit;
import org.aegis.consensus.pbft.message.Message.FetchState;
import org.aegis.consensus.pbft.message.Message.NewView;
import org.aegis.consensus.pbft.message.Message.PrePrepare;
import org.aegis.consensus.pbft.message.Message.Prepare;
import org.aegis.consensus.pbft.message.Message.Reply;
import org.aegis.consensus.pbft.message.Message.Request;
import org.aegis.consensus.pbft.message.Message.Suspect;
import org.aegis.consensus.pbft.message.Message.ViewChange;
import org.aegis.consensus.pbft.message.MessageCodec;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.net.PeerLinks;
import org.aegis.consensus.pbft.persist.ReplicaStore;
import org.aegis.consensus.pbft.persist.ReplicaStore.StoredDecision;
import org.aegis.consensus.pbft.quorum.WeightEpochs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One weighted PBFT replica (Castro &amp; Liskov, with votes weighed per docs/metrics.md §5).
 *
 * <p>Every input (a frame from the transport, a timer, a proposal) runs as a task on the one executor given to the
 * constructor, and every timer is scheduled on it and read from the given clock, so a replica driven by a
 * virtual-time executor is deterministic. The replica never blocks the executor's thread on the network; it writes to
 * the {@link Store} before it sends anything that promises what it wrote.
 *
 * <p>The replica is the dispatcher: it authenticates each message and hands it to the role it belongs to, after
 * BFT-SMaRt's split by protocol role, all of them over one {@link ReplicaState} confined to the executor:
 * {@link ClientRequests} (proposals, their statuses and futures), {@link Acceptor} (the normal case),
 * {@link Execution}, {@link Checkpointing}, {@link RequestTimer} (suspecting the primary), {@link Synchronizer}
 * (view changes), {@link StateManager} (state transfer) and {@link Retransmitter}.
 *
 * <p>Reads ({@link #state()}, {@link #view()}, {@link #status}, {@link #decisions}) are safe from any thread.
 * Decisions go to the {@link #onDecision listeners} on the executor's thread, in sequence order, once each. Its
 * counters ({@link #collect}) are read from any thread too.
 */
public final class Replica implements ConsensusEngine, MetricSource {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final ReplicaState s;
    private final ReplicaContext c;
    private final PeerLinks links;

    /**
     * Builds a replica; nothing happens until {@link #start()}.
     *
     * @param identity  signs this replica's messages and verifies its peers'
     * @param transport carries the messages ({@code null}: none yet, see {@link #bindTransport})
     * @param store     keeps the log, the decisions, the checkpoints and the view across restarts
     * @param executor  the serial executor every input and timer runs on; owned by the caller
     * @param clock     the time decisions are stamped with
     * @param config    the configuration
     * @param weights   turns consciousness levels into vote weights (docs/metrics.md §5)
     */
    public Replica(NodeIdentity identity, Transport transport, Store store, ScheduledExecutorService executor,
            Clock clock, PbftConfig config, WeightProvider weights) {
        Objects.requireNonNull(identity, "identity");
        String self = Objects.requireNonNull(identity.peerId(), "peer id");
        Objects.requireNonNull(config, "config");
        List<String> genesis = config.validators().isEmpty() ? List.of(self) : config.validators();
        WeightEpochs epochs = new WeightEpochs(Objects.requireNonNull(weights, "weights"),
                config.checkpointInterval(), genesis);
        this.s = new ReplicaState(self, config, epochs);
        Tasks tasks = new Tasks(Objects.requireNonNull(executor, "executor"), s);
        ReplicaInstruments instruments = new ReplicaInstruments();
        this.links = new PeerLinks(MessageCodec.MAX_FRAME_BYTES,
                (peer, frame) -> tasks.run(() -> receive(frame)), () -> instruments.dropped(DropReason.MALFORMED));
        this.c = new ReplicaContext(s, Objects.requireNonNull(clock, "clock"),
                new ReplicaStore(Objects.requireNonNull(store, "store")), new Signatures(identity, self, epochs),
                new Outbox(self, epochs, links), tasks, instruments, new RequestTraces(self));
        if (transport != null) {
            links.bind(transport);
        }
    }

    /** Restores the state from the store and starts listening; asks the peers for anything missed meanwhile. */
    public void start() {
        c.tasks.run(() -> {
            if (s.started || s.stopped) {
                return;
            }
            s.started = true;
            boolean wasChangingView = s.restore(c.store);
            c.execution.executeReady();
            if (wasChangingView) {
                c.synchronizer.resumeAfterRestart();
            }
            LOG.info("PBFT replica {} started in view {} at sequence {} ({} decisions), validators {}", s.self,
                    s.view, s.lastExecuted, s.decisionCount, s.validators());
            c.stateManager.catchUp();
            c.requestTimer.arm();
            c.retransmitter.arm();
            s.publishSnapshot();
        });
    }

    /** Stops timers and links; pending proposals fail. The executor stays the caller's. */
    public void stop() {
        links.close();
        c.tasks.run(() -> {
            s.stopped = true;
            c.requestTimer.cancel();
            c.synchronizer.cancel();
            c.acceptor.cancelBatchTimer();
            c.retransmitter.cancel();
            c.requests.failWaiting();
            c.traces.stopped();
        });
    }

    /**
     * Uses {@code transport} from now on (the highest-ranked one, rebinding replaces the previous one), and asks the
     * validators for what was missed without one.
     */
    public void bindTransport(Transport transport) {
        links.bind(transport);
        c.tasks.run(() -> {
            if (s.started) {
                c.stateManager.catchUp();
            }
        });
    }

    public void unbindTransport(Transport transport) {
        links.unbind(transport);
    }

    /** Traces the requests that come with a trace context through {@code tracing} ({@code null}: none). */
    public void setTracing(Tracing tracing) {
        c.traces.use(tracing);
    }

    /** Calls {@code listener} with every decision from now on, on the executor's thread, in order. */
    public Registration onDecision(DecisionListener listener) {
        return onTracedDecision((decision, traceparent) -> listener.onDecision(decision));
    }

    /** Like {@link #onDecision}, with each decision's trace context on this replica. */
    public Registration onTracedDecision(TracedDecisionListener listener) {
        c.execution.listen(listener);
        return () -> c.execution.unlisten(listener);
    }

    public String peerId() {
        return s.self;
    }

    /** How many messages were dropped, by reason. */
    public Map<DropReason, Long> drops() {
        return c.instruments.drops();
    }

    /** Messages dropped by reason, view changes started and the decision latency, for {@code /metrics}. */
    @Override
    public void collect(MetricWriter out) {
        c.instruments.writeTo(out);
    }

    // ------------------------------------------------------------------------------------------ ConsensusEngine

    @Override
    public CompletionStage<Decision> propose(Proposal proposal) {
        return c.requests.propose(proposal);
    }

    @Override
    public ValidatorSet validators() {
        return s.snapshot().validators();
    }

    @Override
    public long view() {
        return s.snapshot().view();
    }

    @Override
    public long lastCommitted() {
        return s.snapshot().lastCommitted();
    }

    @Override
    public ConsensusState state() {
        return s.snapshot();
    }

    @Override
    public Optional<ProposalStatus> status(String proposalId) {
        return c.requests.status(proposalId);
    }

    @Override
    public List<Decision> decisions(long fromSequence, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return c.store.decisions(fromSequence, limit).stream().map(StoredDecision::decision).toList();
    }

    // ------------------------------------------------------------------------------------------ receiving

    /** A frame from the network: decoded, authenticated, then handed to the role its message belongs to. */
    private void receive(byte[] frame) {
        if (s.stopped || !s.started) {
            return;
        }
        Signed signed;
        try {
            signed = MessageCodec.decode(frame);
        } catch (MalformedMessageException e) {
            LOG.debug("Dropping a malformed PBFT frame: {}", e.getMessage());
            c.instruments.dropped(DropReason.MALFORMED);
            return;
        }
        if (signed.sender().equals(s.self)) {
            c.instruments.dropped(DropReason.REPLAYED);
            return;
        }
        DropReason authentication = c.signatures.authenticate(signed);
        if (authentication != null) {
            c.instruments.dropped(authentication);
            return;
        }
        DropReason outcome = dispatch(signed);
        if (outcome != null) {
            c.instruments.dropped(outcome);
        }
        c.retransmitter.arm();
        s.publishSnapshot();
    }

    private DropReason dispatch(Signed signed) {
        Message m = signed.message();
        if (m instanceof Request) {
            return c.acceptor.onRequest(signed);
        } else if (m instanceof PrePrepare) {
            return c.acceptor.onPrePrepare(signed, false);
        } else if (m instanceof Prepare) {
            return c.acceptor.onPrepare(signed);
        } else if (m instanceof Commit) {
            return c.acceptor.onCommit(signed);
        } else if (m instanceof Checkpoint) {
            return c.checkpoints.onCheckpoint(signed);
        } else if (m instanceof Suspect) {
            return c.requestTimer.onSuspect(signed);
        } else if (m instanceof ViewChange) {
            return c.synchronizer.onViewChange(signed);
        } else if (m instanceof NewView) {
            return c.synchronizer.onNewView(signed);
        } else if (m instanceof FetchState) {
            return c.stateManager.onFetchState(signed);
        } else if (m instanceof Reply) {
            return c.replies.onReply(signed);
        } else {
            return c.stateManager.onStateReply(signed);
        }
    }
}
