package org.aegis.consensus.pbft;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.aegis.api.Registration;
import org.aegis.api.consensus.ConsensusBusyException;
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
import org.aegis.consensus.pbft.checkpoint.CheckpointVotes;
import org.aegis.consensus.pbft.message.Digest;
import org.aegis.consensus.pbft.message.Digests;
import org.aegis.consensus.pbft.message.MalformedMessageException;
import org.aegis.consensus.pbft.message.Message;
import org.aegis.consensus.pbft.message.Message.Checkpoint;
import org.aegis.consensus.pbft.message.Message.Commit;
import org.aegis.consensus.pbft.message.Message.CommittedProof;
import org.aegis.consensus.pbft.message.Message.Entry;
import org.aegis.consensus.pbft.message.Message.ExecutedSlot;
import org.aegis.consensus.pbft.message.Message.FetchState;
import org.aegis.consensus.pbft.message.Message.NewView;
import org.aegis.consensus.pbft.message.Message.PrePrepare;
import org.aegis.consensus.pbft.message.Message.Prepare;
import org.aegis.consensus.pbft.message.Message.PreparedProof;
import org.aegis.consensus.pbft.message.Message.Request;
import org.aegis.consensus.pbft.message.Message.StateReply;
import org.aegis.consensus.pbft.message.Message.Suspect;
import org.aegis.consensus.pbft.message.Message.ViewChange;
import org.aegis.consensus.pbft.message.MessageCodec;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.net.PeerLinks;
import org.aegis.consensus.pbft.ordering.PendingRequests;
import org.aegis.consensus.pbft.ordering.Slot;
import org.aegis.consensus.pbft.persist.ReplicaStore;
import org.aegis.consensus.pbft.persist.ReplicaStore.Executed;
import org.aegis.consensus.pbft.persist.ReplicaStore.Position;
import org.aegis.consensus.pbft.persist.ReplicaStore.StoredDecision;
import org.aegis.consensus.pbft.persist.ReplicaStore.ViewRecord;
import org.aegis.consensus.pbft.quorum.Epoch;
import org.aegis.consensus.pbft.quorum.Quorums;
import org.aegis.consensus.pbft.quorum.WeightEpochs;
import org.aegis.consensus.pbft.statetransfer.StateTransfer;
import org.aegis.consensus.pbft.viewchange.NewViewPlan;
import org.aegis.consensus.pbft.viewchange.ProofRules;
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
 * <p>Reads ({@link #state()}, {@link #view()}, {@link #status}, {@link #decisions}) are safe from any thread.
 * Decisions go to the {@link #onDecision listeners} on the executor's thread, in sequence order, once each. Its
 * counters ({@link #collect}) are read from any thread too.
 */
public final class Replica implements ConsensusEngine, MetricSource {
    /** Most bytes of requests in one batch, so that a view change carrying a full pipeline stays within a frame. */
    static final int MAX_BATCH_BYTES = 1 << 20;
    /** Proposal statuses kept in memory; older ones are answered from the store. */
    static final int STATUS_CAPACITY = 10_000;
    /** View changes for views further ahead than this are not kept. */
    static final long MAX_VIEW_AHEAD = 64;

    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);
    /** What a busy replica tells a proposer to wait: about the time a loaded network takes to decide a batch. */
    private static final Duration RETRY_WHEN_BUSY = Duration.ofSeconds(1);

    private final NodeIdentity identity;
    private final String self;
    private final ReplicaStore store;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final PbftConfig config;
    private final WeightEpochs epochs;
    private final PeerLinks links;
    private final StateTransfer stateTransfer;
    private final ReplicaInstruments instruments = new ReplicaInstruments();
    private final RequestTraces traces;
    /** Permits for this replica's own proposals between {@link #propose} and their outcome. */
    private final Semaphore admission;
    private final List<TracedDecisionListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, ProposalStatus> statuses = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ProposalStatus> eldest) {
            return size() > STATUS_CAPACITY;
        }
    };
    private volatile OutboundFilter outboundFilter;
    private volatile ByzantineBehaviour byzantineBehaviour;
    private volatile ConsensusState snapshot;

    // ------------------------------------------------------------------------------ state, confined to the executor
    private long view;
    private boolean inViewChange;
    private Signed lastNewView;
    private long lastExecuted;
    private Digest state = Digests.GENESIS;
    private long decisionCount;
    private long stable;
    private Digest stableState = Digests.GENESIS;
    /** The primary's last assigned sequence number in this view. */
    private long lastAssigned;
    private final TreeMap<Long, Slot> log = new TreeMap<>();
    private final PendingRequests pending = new PendingRequests();
    /**
     * Pre-prepares of this view for sequence numbers whose epoch is not known yet, by sequence number and sender
     * (within the watermarks, so bounded): checked when the checkpoint before them executes.
     */
    private final TreeMap<Long, Map<String, Signed>> earlyPrePrepares = new TreeMap<>();
    private final Map<String, CompletableFuture<Decision>> waiting = new HashMap<>();
    private final CheckpointVotes checkpointVotes = new CheckpointVotes();
    private Signed myCheckpoint;
    private final TreeMap<Long, Map<String, Signed>> viewChanges = new TreeMap<>();
    private Signed myViewChange;
    private Signed myNewView;
    /** View changes since the last execution: the exponent of the timeout's backoff. */
    private int viewChangeAttempts;
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
    /** When this replica last sent each peer its new-view message because the peer was behind. */
    private final Map<String, Instant> newViewResent = new HashMap<>();
    /** Whether this replica's requests waited too long in this view (see Message.Suspect). */
    private boolean suspecting;
    /** When each validator that suspects this view's primary last said so. */
    private final Map<String, Instant> suspicions = new HashMap<>();
    /** The highest view each peer was heard in, above ours. */
    private final Map<String, Long> higherViews = new HashMap<>();
    private ScheduledFuture<?> requestTimer;
    /** The request whose wait the request timer measures: the oldest pending one when the timer started. */
    private String watchedRequest;
    private ScheduledFuture<?> viewChangeTimer;
    private ScheduledFuture<?> batchTimer;
    private ScheduledFuture<?> retransmitTimer;
    private boolean started;
    private boolean stopped;

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
        this.identity = Objects.requireNonNull(identity, "identity");
        this.self = Objects.requireNonNull(identity.peerId(), "peer id");
        this.store = new ReplicaStore(Objects.requireNonNull(store, "store"));
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        this.admission = new Semaphore(config.maxProposalsInFlight());
        List<String> genesis = config.validators().isEmpty() ? List.of(self) : config.validators();
        this.epochs = new WeightEpochs(Objects.requireNonNull(weights, "weights"), config.checkpointInterval(), genesis);
        this.links = new PeerLinks(MessageCodec.MAX_FRAME_BYTES,
                (peer, frame) -> run(() -> receive(frame)), () -> count(DropReason.MALFORMED));
        this.stateTransfer = new StateTransfer(this.store);
        this.traces = new RequestTraces(self);
        if (transport != null) {
            links.bind(transport);
        }
        publishSnapshot();
    }

    /** Restores the state from the store and starts listening; asks the peers for anything missed meanwhile. */
    public void start() {
        run(() -> {
            if (started || stopped) {
                return;
            }
            started = true;
            recover();
            LOG.info("PBFT replica {} started in view {} at sequence {} ({} decisions), validators {}", self, view,
                    lastExecuted, decisionCount, epochs.current().set().validators());
            catchUp();
            armRequestTimer();
            armRetransmit();
            publishSnapshot();
        });
    }

    /** Stops timers and links; pending proposals fail. The executor stays the caller's. */
    public void stop() {
        links.close();
        run(() -> {
            stopped = true;
            cancel(requestTimer);
            cancel(viewChangeTimer);
            cancel(batchTimer);
            cancel(retransmitTimer);
            waiting.values().forEach(f -> f.completeExceptionally(new IllegalStateException("replica stopped")));
            waiting.clear();
            traces.stopped();
        });
    }

    /**
     * Uses {@code transport} from now on (the highest-ranked one, rebinding replaces the previous one), and asks the
     * validators for what was missed without one.
     */
    public void bindTransport(Transport transport) {
        links.bind(transport);
        run(() -> {
            if (started) {
                catchUp();
            }
        });
    }

    public void unbindTransport(Transport transport) {
        links.unbind(transport);
    }

    /** Every frame this replica sends passes through {@code filter} ({@code null}: none). */
    public void setOutboundFilter(OutboundFilter filter) {
        this.outboundFilter = filter;
    }

    /** Test support: this replica lies as {@code behaviour} says ({@code null}: it tells the truth). */
    public void setByzantineBehaviour(ByzantineBehaviour behaviour) {
        this.byzantineBehaviour = behaviour;
    }

    /** Traces the requests that come with a trace context through {@code tracing} ({@code null}: none). */
    public void setTracing(Tracing tracing) {
        traces.use(tracing);
    }

    /** Calls {@code listener} with every decision from now on, on the executor's thread, in order. */
    public Registration onDecision(DecisionListener listener) {
        return onTracedDecision((decision, traceparent) -> listener.onDecision(decision));
    }

    /** Like {@link #onDecision}, with each decision's trace context on this replica. */
    public Registration onTracedDecision(TracedDecisionListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public String peerId() {
        return self;
    }

    /** How many messages were dropped, by reason. */
    public Map<DropReason, Long> drops() {
        return instruments.drops();
    }

    /** Messages dropped by reason, view changes started and the decision latency, for {@code /metrics}. */
    @Override
    public void collect(MetricWriter out) {
        instruments.writeTo(out);
    }

    // ------------------------------------------------------------------------------------------ ConsensusEngine

    @Override
    public CompletionStage<Decision> propose(Proposal proposal) {
        CompletableFuture<Decision> result = new CompletableFuture<>();
        String problem = checkProposal(proposal);
        if (problem != null) {
            result.completeExceptionally(new IllegalArgumentException(problem));
            return result;
        }
        if (!admission.tryAcquire()) {
            result.completeExceptionally(new ConsensusBusyException(self + " already holds "
                    + config.maxProposalsInFlight() + " proposals of its own that the network has not decided",
                    RETRY_WHEN_BUSY));
            return result;
        }
        result.whenComplete((decision, failure) -> admission.release());
        String callerContext = traces.callerContext();
        try {
            executor.execute(() -> guarded(() -> submit(proposal, callerContext, result)));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the replica is stopped", e));
        }
        return result;
    }

    @Override
    public ValidatorSet validators() {
        return snapshot.validators();
    }

    @Override
    public long view() {
        return snapshot.view();
    }

    @Override
    public long lastCommitted() {
        return snapshot.lastCommitted();
    }

    @Override
    public ConsensusState state() {
        return snapshot;
    }

    @Override
    public Optional<ProposalStatus> status(String proposalId) {
        synchronized (statuses) {
            ProposalStatus known = statuses.get(proposalId);
            if (known != null) {
                return Optional.of(known);
            }
        }
        return store.decisionOf(proposalId).flatMap(seq -> store.decisions(seq, 1).stream().findFirst())
                .map(d -> new ProposalStatus(d.decision().proposal(), ProposalStatus.State.DECIDED,
                        d.decision().sequence(), d.decision().view(), List.of(), 0, 0, null));
    }

    @Override
    public List<Decision> decisions(long fromSequence, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return store.decisions(fromSequence, limit).stream().map(StoredDecision::decision).toList();
    }

    // ------------------------------------------------------------------------------------------ recovery

    private void recover() {
        store.epochs().ifPresent(bytes -> {
            try {
                epochs.restore(bytes);
            } catch (MalformedMessageException e) {
                throw new IllegalStateException("The store's weight epochs are corrupt: " + e.getMessage(), e);
            }
        });
        store.position().ifPresent(p -> {
            lastExecuted = p.lastExecuted();
            state = p.state();
            decisionCount = p.decisionCount();
        });
        store.stable().ifPresent(c -> {
            stable = c.sequence();
            stableState = c.state();
        });
        boolean wasChanging = false;
        Optional<ViewRecord> viewRecord = store.view();
        if (viewRecord.isPresent()) {
            view = viewRecord.get().view();
            lastNewView = viewRecord.get().newView();
            wasChanging = viewRecord.get().changing();
        }
        lastAssigned = lastExecuted;
        for (Slot slot : store.slots()) {
            if (slot.sequence() > stable) {
                log.put(slot.sequence(), slot);
                if (slot.sequence() > lastExecuted && slot.prePrepare() != null) {
                    PrePrepare pp = slot.prePrepareMessage();
                    pp.batch().forEach(pending::add);
                    if (slot.view() == view) {
                        pending.markAssigned(pp.batch());
                        lastAssigned = Math.max(lastAssigned, slot.sequence());
                    }
                }
            }
        }
        executeReady();
        if (wasChanging) {
            // Killed during a view change: it promised not to take part in the views before, so it changes again.
            long target = view;
            view = target - 1;
            startViewChange(target);
        }
    }

    // ------------------------------------------------------------------------------------------ proposals

    private static String checkProposal(Proposal p) {
        if (p == null || p.id() == null || p.kind() == null || p.payload() == null || p.proposer() == null) {
            return "a proposal needs an id, a kind, a payload and a proposer";
        }
        if (p.id().isEmpty() || utf8(p.id()) > MessageCodec.MAX_PROPOSAL_ID_BYTES) {
            return "proposal id must be 1 to " + MessageCodec.MAX_PROPOSAL_ID_BYTES + " bytes";
        }
        if (utf8(p.kind()) > MessageCodec.MAX_KIND_BYTES) {
            return "proposal kind is over " + MessageCodec.MAX_KIND_BYTES + " bytes";
        }
        if (p.payload().length > MessageCodec.MAX_PAYLOAD_BYTES) {
            return "proposal payload of " + p.payload().length + " bytes, the limit is "
                    + MessageCodec.MAX_PAYLOAD_BYTES;
        }
        if (utf8(p.proposer()) > MessageCodec.MAX_PROPOSER_BYTES) {
            return "proposer is over " + MessageCodec.MAX_PROPOSER_BYTES + " bytes";
        }
        return null;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private void submit(Proposal proposal, String callerContext, CompletableFuture<Decision> result) {
        if (stopped || !started) {
            result.completeExceptionally(new IllegalStateException("the replica is not running"));
            return;
        }
        Optional<StoredDecision> decided = store.decisionOf(proposal.id())
                .flatMap(seq -> store.decisions(seq, 1).stream().findFirst());
        if (decided.isPresent()) {
            if (sameContent(decided.get().decision().proposal(), proposal)) {
                result.complete(decided.get().decision());
            } else {
                reject(proposal, result, "proposal id " + proposal.id() + " was already decided with other content");
            }
            return;
        }
        Signed known = pending.get(proposal.id());
        if (known != null) {
            if (sameContent(((Request) known.message()).proposal(), proposal)) {
                attach(proposal.id(), result);
            } else {
                reject(proposal, result, "proposal id " + proposal.id() + " is pending with other content");
            }
            return;
        }
        if (!epochs.current().contains(self)) {
            reject(proposal, result, "this node is not a validator");
            return;
        }
        Signed request = sign(new Request(proposal, traces.proposing(proposal, callerContext)));
        if (!pending.add(request)) {
            traces.abandoned(proposal.id(), "too many pending requests");
            result.completeExceptionally(new ConsensusBusyException(self + " holds " + PendingRequests.CAPACITY
                    + " requests the network has not decided", RETRY_WHEN_BUSY));
            return;
        }
        attach(proposal.id(), result);
        setStatus(new ProposalStatus(proposal, ProposalStatus.State.PENDING, 0, 0, List.of(), 0, 0, null));
        broadcast(request);
        armRequestTimer();
        orderIfPrimary(false);
        armRetransmit();
    }

    private void attach(String id, CompletableFuture<Decision> result) {
        waiting.merge(id, result, (a, b) -> {
            a.whenComplete((d, e) -> {
                if (e != null) {
                    b.completeExceptionally(e);
                } else {
                    b.complete(d);
                }
            });
            return a;
        });
    }

    private void reject(Proposal proposal, CompletableFuture<Decision> result, String reason) {
        setStatus(new ProposalStatus(proposal, ProposalStatus.State.REJECTED, 0, 0, List.of(), 0, 0, reason));
        result.completeExceptionally(new IllegalArgumentException(reason));
    }

    private static boolean sameContent(Proposal a, Proposal b) {
        return a.id().equals(b.id()) && a.kind().equals(b.kind()) && Arrays.equals(a.payload(), b.payload())
                && a.proposer().equals(b.proposer());
    }

    // ------------------------------------------------------------------------------------------ receiving

    /** A frame from the network: decoded, authenticated, then handled by its phase. */
    private void receive(byte[] frame) {
        if (stopped || !started) {
            return;
        }
        Signed signed;
        try {
            signed = MessageCodec.decode(frame);
        } catch (MalformedMessageException e) {
            LOG.debug("Dropping a malformed PBFT frame: {}", e.getMessage());
            count(DropReason.MALFORMED);
            return;
        }
        if (signed.sender().equals(self)) {
            count(DropReason.REPLAYED);
            return;
        }
        DropReason authentication = authenticate(signed);
        if (authentication != null) {
            count(authentication);
            return;
        }
        Message m = signed.message();
        DropReason outcome;
        if (m instanceof Request) {
            outcome = onRequest(signed);
        } else if (m instanceof PrePrepare) {
            outcome = onPrePrepare(signed, false);
        } else if (m instanceof Prepare) {
            outcome = onPrepare(signed);
        } else if (m instanceof Commit) {
            outcome = onCommit(signed);
        } else if (m instanceof Checkpoint) {
            outcome = onCheckpoint(signed);
        } else if (m instanceof Suspect) {
            outcome = onSuspect(signed);
        } else if (m instanceof ViewChange) {
            outcome = onViewChange(signed);
        } else if (m instanceof NewView) {
            outcome = onNewView(signed);
        } else if (m instanceof FetchState) {
            outcome = onFetchState(signed);
        } else {
            outcome = onStateReply(signed);
        }
        if (outcome != null) {
            count(outcome);
        }
        armRetransmit();
        publishSnapshot();
    }

    /** Null when the message is signed by a validator, else why not. */
    private DropReason authenticate(Signed signed) {
        if (!epochs.isValidator(signed.sender())) {
            return DropReason.NOT_VALIDATOR;
        }
        return identity.verify(signed.sender(), signed.signingInput(), signed.signature()) ? null
                : DropReason.BAD_SIGNATURE;
    }

    private boolean authentic(Signed signed) {
        return authenticate(signed) == null;
    }

    // ------------------------------------------------------------------------------------------ normal case

    private DropReason onRequest(Signed signed) {
        Proposal proposal = ((Request) signed.message()).proposal();
        if (store.decisionOf(proposal.id()).isPresent() || !pending.add(signed)) {
            return DropReason.REPLAYED;
        }
        traces.seen(signed);
        setStatus(new ProposalStatus(proposal, ProposalStatus.State.PENDING, 0, 0, List.of(), 0, 0, null));
        armRequestTimer();
        orderIfPrimary(false);
        return null;
    }

    /** Whether this replica starts view {@link #view} and resends its pre-prepares. */
    private boolean isPrimary() {
        return primary(view).equals(self);
    }

    /**
     * The primary that starts view {@code v} with its new view: picked from the epoch in force after this replica's
     * last executed checkpoint.
     */
    private String primary(long v) {
        return epochs.current().primary(v);
    }

    /**
     * The primary that orders sequence number {@code n} in view {@code v}: that of the epoch counting n's votes, so
     * every replica names the same one whatever it has executed; empty while that epoch is not known yet (the
     * checkpoint before n is not executed). A validator set changes at a checkpoint, and from there the new set's
     * primary of the view orders the sequence numbers that follow.
     */
    private Optional<String> primary(long v, long n) {
        return epochs.forSequence(n, lastExecuted).map(e -> e.primary(v));
    }

    /**
     * Whether {@code sender} may have pre-prepared sequence number {@code n} in view {@code v}: the primary of n's
     * epoch, or the primary that started the view (its new view re-proposes sequence numbers of earlier epochs).
     */
    private boolean mayPrePrepare(String sender, long v, long n) {
        return sender.equals(epochs.forSequenceOrCurrent(n, lastExecuted).primary(v)) || sender.equals(primary(v));
    }

    /** The primary cuts batches while the pipeline and the watermarks leave room. */
    private void orderIfPrimary(boolean timerFired) {
        if (inViewChange || stopped) {
            return;
        }
        while (pending.unassignedCount() > 0) {
            // A primary that took over when the validator set changed starts after what it executed.
            long next = Math.max(lastAssigned, lastExecuted) + 1;
            if (!primary(view, next).map(self::equals).orElse(false)) {
                return; // not this replica's to order, or not known before the checkpoint before it executes
            }
            if (next > stable + config.watermarkWindow() || next - lastExecuted > config.pipelineWindow()) {
                return;
            }
            boolean idle = next == lastExecuted + 1;
            if (!idle && !timerFired && pending.unassignedCount() < config.maxBatchSize()) {
                if (batchTimer == null) {
                    batchTimer = schedule(config.batchTimeout(), () -> {
                        batchTimer = null;
                        orderIfPrimary(true);
                    });
                }
                return;
            }
            List<Signed> batch = takeBatch();
            lastAssigned = next;
            onPrePrepare(sign(PrePrepare.of(view, next, batch)), false);
        }
    }

    private List<Signed> takeBatch() {
        List<Signed> batch = new ArrayList<>();
        int bytes = 0;
        for (Signed candidate : pending.takeBatch(config.maxBatchSize())) {
            bytes += candidate.body().length;
            if (!batch.isEmpty() && bytes > MAX_BATCH_BYTES) {
                break;
            }
            batch.add(candidate);
        }
        pending.clearAssignments();
        markAssignedInView();
        pending.markAssigned(batch);
        return batch;
    }

    /** Re-marks the requests of this view's pre-prepares still in flight as assigned. */
    private void markAssignedInView() {
        for (Slot slot : log.tailMap(lastExecuted, false).values()) {
            if (slot.view() == view && slot.prePrepare() != null) {
                pending.markAssigned(slot.prePrepareMessage().batch());
            }
        }
    }

    private DropReason onPrePrepare(Signed signed, boolean fromNewView) {
        PrePrepare pp = (PrePrepare) signed.message();
        if ((inViewChange && !fromNewView) || pp.view() != view) {
            return wrongView(signed.sender(), pp.view());
        }
        Optional<String> primary = fromNewView ? Optional.of(primary(view)) : primary(view, pp.sequence());
        if (primary.isPresent() && !signed.sender().equals(primary.get())) {
            return DropReason.INVALID;
        }
        DropReason window = checkWindow(pp.sequence(), signed.sender());
        if (window != null) {
            return window;
        }
        if (primary.isEmpty()) {
            // Ahead of this replica's execution: taken once the checkpoint before it executes.
            earlyPrePrepares.computeIfAbsent(pp.sequence(), n -> new HashMap<>()).put(signed.sender(), signed);
            return null;
        }
        if (pp.sequence() <= lastExecuted) {
            Slot executed = log.get(pp.sequence());
            return executed == null || executed.prePrepare() == null || executed.prePrepare().equals(signed)
                    ? DropReason.REPLAYED : DropReason.CONFLICTING;
        }
        if (!signed.sender().equals(self)) {
            Set<String> ids = new HashSet<>();
            for (Signed request : pp.batch()) {
                if (!authentic(request) || !ids.add(PendingRequests.id(request))) {
                    return DropReason.INVALID;
                }
            }
        }
        Slot slot = slot(pp.sequence());
        if (slot.prePrepare() != null) {
            return slot.prePrepare().equals(signed) ? DropReason.REPLAYED : DropReason.CONFLICTING;
        }
        slot.acceptPrePrepare(signed);
        for (Signed request : pp.batch()) {
            if (store.decisionOf(PendingRequests.id(request)).isEmpty()) {
                pending.add(request);
                traces.seen(request);
            }
            Proposal p = ((Request) request.message()).proposal();
            setStatus(new ProposalStatus(p, ProposalStatus.State.ORDERED, 0, view, List.of(), 0, 0, null));
        }
        pending.markAssigned(pp.batch());
        traces.phase(pp.batch(), "pre-prepared", view, pp.sequence());
        Signed prepare = null;
        if (!signed.sender().equals(self)) {
            prepare = sign(new Prepare(view, pp.sequence(), pp.digest()));
            slot.addPrepare(prepare);
        }
        store.write(b -> ReplicaStore.putSlot(b, slot));
        if (prepare != null) {
            broadcast(prepare);
        } else if (!fromNewView) {
            broadcast(signed);
        }
        armRequestTimer();
        advance(slot);
        return null;
    }

    private DropReason onPrepare(Signed signed) {
        Prepare p = (Prepare) signed.message();
        if (inViewChange || p.view() != view) {
            return wrongView(signed.sender(), p.view());
        }
        DropReason window = checkWindow(p.sequence(), signed.sender());
        if (window != null) {
            return window;
        }
        if (primary(view, p.sequence()).map(signed.sender()::equals).orElse(false)) {
            return DropReason.INVALID;
        }
        Slot slot = slot(p.sequence());
        if (slot.view() != view) {
            // Executed in an earlier view: a late vote of this view adds nothing to its certificate.
            return DropReason.REPLAYED;
        }
        Signed earlier = slot.prepareOf(signed.sender());
        if (earlier != null) {
            return earlier.equals(signed) ? DropReason.REPLAYED : DropReason.CONFLICTING;
        }
        slot.addPrepare(signed);
        advance(slot);
        return null;
    }

    private DropReason onCommit(Signed signed) {
        Commit c = (Commit) signed.message();
        if (inViewChange || c.view() != view) {
            return wrongView(signed.sender(), c.view());
        }
        DropReason window = checkWindow(c.sequence(), signed.sender());
        if (window != null) {
            return window;
        }
        Slot slot = slot(c.sequence());
        if (slot.view() != view) {
            // Executed in an earlier view: a late vote of this view adds nothing to its certificate.
            return DropReason.REPLAYED;
        }
        Signed earlier = slot.commitOf(signed.sender());
        if (earlier != null) {
            return earlier.equals(signed) ? DropReason.REPLAYED : DropReason.CONFLICTING;
        }
        slot.addCommit(signed);
        advance(slot);
        return null;
    }

    /**
     * Between the watermarks, else why not. Votes for executed sequence numbers above the stable checkpoint still
     * land in their slot: they arrive late in the normal case, and only a repeated one is a replay.
     */
    private DropReason checkWindow(long sequence, String sender) {
        if (sequence <= stable) {
            return DropReason.OUT_OF_WINDOW;
        }
        if (sequence > stable + config.watermarkWindow()) {
            // Others are far ahead: this replica probably missed a checkpoint.
            requestState(List.of(sender));
            return DropReason.OUT_OF_WINDOW;
        }
        return null;
    }

    private Slot slot(long sequence) {
        Slot slot = log.computeIfAbsent(sequence, n -> new Slot(n, view));
        if (sequence > lastExecuted) {
            // An executed slot keeps the certificate it executed with, whatever view came since: state transfer
            // serves it to the replicas behind until the next stable checkpoint.
            slot.enterView(view);
        }
        return slot;
    }

    /** Moves a slot through prepared and committed as far as its votes allow. */
    private void advance(Slot slot) {
        Optional<Epoch> weighing = epochs.forSequence(slot.sequence(), lastExecuted);
        if (weighing.isEmpty() || slot.view() != view || inViewChange || slot.sequence() <= lastExecuted) {
            return;
        }
        Epoch epoch = weighing.get();
        if (!slot.preparedInView() && slot.hasPreparedQuorum(epoch)) {
            slot.recordPrepared();
            traces.phase(slot.prePrepareMessage().batch(), "prepared", view, slot.sequence());
            Signed commit = sign(new Commit(view, slot.sequence(), slot.digest()));
            slot.addCommit(commit);
            store.write(b -> ReplicaStore.putSlot(b, slot));
            broadcast(commit);
        }
        if (slot.preparedInView() && !slot.committed() && slot.hasCommitQuorum(epoch)) {
            slot.markCommitted();
            traces.phase(slot.prePrepareMessage().batch(), "committed", view, slot.sequence());
            instruments.committed(slot);
            store.write(b -> ReplicaStore.putSlot(b, slot));
            executeReady();
        }
    }

    /** Executes the committed slots that follow the last executed one, in order. */
    private void executeReady() {
        long before = lastExecuted;
        Slot next;
        while ((next = log.get(lastExecuted + 1)) != null && next.committed()) {
            executeSlot(next);
        }
        if (lastExecuted > before) {
            afterProgress();
        }
    }

    private void executeSlot(Slot slot) {
        executeBatch(slot.sequence(), slot.view(), slot.prePrepareMessage().batch(), slot.matchingCommits());
    }

    /** Executes a committed batch: each proposal id once, the first time it is decided. */
    private void executeBatch(long sequence, long inView, List<Signed> batch, List<Signed> commits) {
        Set<String> seen = new HashSet<>();
        List<Entry> entries = new ArrayList<>();
        List<ProposalStatus.Vote> votes = new ArrayList<>();
        Epoch epoch = epochs.forSequenceOrCurrent(sequence, lastExecuted);
        commits.forEach(c -> votes.add(new ProposalStatus.Vote(c.sender(), epoch.weight(c.sender()))));
        for (Signed request : batch) {
            Proposal p = ((Request) request.message()).proposal();
            if (seen.add(p.id()) && store.decisionOf(p.id()).isEmpty()) {
                entries.add(new Entry(request.sender(), p));
            }
        }
        apply(new ExecutedSlot(sequence, entries), inView, votes, epoch);
    }

    /**
     * Executes one slot's entries: decisions numbered on, weight epochs updated, all of it written in one batch before
     * anyone hears of it; then futures, statuses, listeners and, at a checkpoint, the checkpoint message.
     */
    private void apply(ExecutedSlot executed, long inView, List<ProposalStatus.Vote> votes, Epoch epoch) {
        Digest next = Digests.chain(state, executed);
        List<StoredDecision> decided = new ArrayList<>();
        long first = decisionCount + 1;
        for (Entry e : executed.entries()) {
            decided.add(new StoredDecision(new Decision(first + decided.size(), inView, e.proposal(), clock.instant()),
                    executed.sequence(), e.signer()));
            epochs.apply(e.signer(), e.proposal());
        }
        epochs.onExecuted(executed.sequence());
        byte[] epochBytes = epochs.encode();
        Position position = new Position(executed.sequence(), next, decisionCount + decided.size());
        store.write(b -> {
            decided.forEach(d -> ReplicaStore.putDecision(b, d));
            ReplicaStore.putExecuted(b, new Executed(executed.sequence(), inView, next, first, decided.size()));
            ReplicaStore.putPosition(b, position);
            ReplicaStore.putEpochs(b, epochBytes);
        });
        lastExecuted = executed.sequence();
        state = next;
        decisionCount = position.decisionCount();
        // before anyone hears of these decisions: whoever got one then sees lastCommitted at or past it
        publishSnapshot();
        long voted = votes.stream().mapToLong(ProposalStatus.Vote::weight).sum();
        for (StoredDecision d : decided) {
            Decision decision = d.decision();
            String id = decision.proposal().id();
            Signed awaited = pending.get(id);
            pending.remove(id);
            setStatus(new ProposalStatus(decision.proposal(), ProposalStatus.State.DECIDED, decision.sequence(),
                    inView, votes, voted, epoch.totalWeight(), null));
            CompletableFuture<Decision> future = waiting.remove(id);
            if (future != null) {
                if (awaited == null || sameContent(((Request) awaited.message()).proposal(), decision.proposal())) {
                    future.complete(decision);
                } else {
                    future.completeExceptionally(new IllegalArgumentException(
                            "proposal id " + id + " was decided with other content (proposed by another validator)"));
                }
            }
            String traceparent = traces.executed(id, decision.sequence());
            for (TracedDecisionListener listener : listeners) {
                try {
                    listener.onDecision(decision, traceparent);
                } catch (RuntimeException e) {
                    LOG.error("Decision listener {} failed on decision {}", listener, decision.sequence(), e);
                }
            }
        }
        if (executed.sequence() % config.checkpointInterval() == 0) {
            myCheckpoint = sign(new Checkpoint(executed.sequence(), state));
            checkpointVotes.add(myCheckpoint);
            broadcast(myCheckpoint);
            checkStable(executed.sequence());
        }
    }

    /**
     * After execution moved on: the request timer restarts if the request it watched is executed, the next
     * interval's votes can be weighed, the primary goes on. Execution of other batches, null requests in particular,
     * does not restart it: else a primary that orders anything but a request would keep that request waiting forever.
     */
    private void afterProgress() {
        viewChangeAttempts = 0;
        if (watchedRequest == null || pending.get(watchedRequest) == null) {
            cancel(requestTimer);
            requestTimer = null;
            suspecting = false;
        }
        armRequestTimer();
        if (!earlyPrePrepares.isEmpty()) {
            List<Signed> early = earlyPrePrepares.values().stream().flatMap(m -> m.values().stream()).toList();
            earlyPrePrepares.clear();
            early.forEach(pp -> onPrePrepare(pp, false));
        }
        for (Slot slot : List.copyOf(log.tailMap(lastExecuted, false).values())) {
            advance(slot);
        }
        orderIfPrimary(false);
        publishSnapshot();
    }

    // ------------------------------------------------------------------------------------------ checkpoints

    private DropReason onCheckpoint(Signed signed) {
        Checkpoint c = (Checkpoint) signed.message();
        if (c.sequence() <= stable) {
            return DropReason.OUT_OF_WINDOW;
        }
        if (c.sequence() % config.checkpointInterval() != 0) {
            return DropReason.INVALID;
        }
        if (c.sequence() > stable + config.watermarkWindow()) {
            // Beyond what is kept: a hint that this replica is behind, checked by state transfer, never stored.
            requestState(List.of(signed.sender()));
            return DropReason.OUT_OF_WINDOW;
        }
        switch (checkpointVotes.add(signed)) {
            case DUPLICATE:
                return DropReason.REPLAYED;
            case CONFLICTING:
                return DropReason.CONFLICTING;
            default:
                break;
        }
        if (c.sequence() <= lastExecuted) {
            checkStable(c.sequence());
        } else {
            checkpointVotes.weakAbove(lastExecuted, n -> epochs.forSequenceOrCurrent(n, lastExecuted))
                    .ifPresent(cert -> requestState(cert.votes().stream().map(Signed::sender).toList()));
        }
        return null;
    }

    private void checkStable(long sequence) {
        if (sequence <= stable || sequence > lastExecuted) {
            return;
        }
        Digest mine = sequence == lastExecuted ? state
                : store.executed(sequence).map(Executed::state).orElse(null);
        if (mine == null) {
            return;
        }
        checkpointVotes.strong(sequence, mine, epochs.forSequenceOrCurrent(sequence, lastExecuted))
                .ifPresent(cert -> makeStable(sequence, mine, cert.votes()));
    }

    /** A checkpoint with a certificate: the low watermark moves up and the log below it goes. */
    private void makeStable(long sequence, Digest digest, List<Signed> proof) {
        List<Long> collected = new ArrayList<>(log.headMap(sequence, true).keySet());
        epochs.prune(sequence);
        byte[] epochBytes = epochs.encode();
        store.write(b -> {
            ReplicaStore.putStable(b, sequence, digest, proof);
            collected.forEach(n -> ReplicaStore.removeSlot(b, n));
            ReplicaStore.putEpochs(b, epochBytes);
        });
        // Slots of sequence numbers never pre-prepared here were never written; removing them is harmless.
        stable = sequence;
        stableState = digest;
        log.headMap(sequence, true).clear();
        checkpointVotes.discardUpTo(sequence);
        if (myCheckpoint != null && ((Checkpoint) myCheckpoint.message()).sequence() <= sequence) {
            myCheckpoint = null;
        }
        LOG.debug("{}: checkpoint {} is stable", self, sequence);
        orderIfPrimary(false);
    }

    // ------------------------------------------------------------------------------------------ view change

    private DropReason wrongView(String sender, long messageView) {
        if (messageView > view) {
            higherViews.merge(sender, messageView, Math::max);
            if (epochs.current().weak(higherViews.keySet())) {
                // A weak certificate of validators is in a later view: learn its new-view message.
                requestState(higherViews.keySet());
            }
        }
        return DropReason.WRONG_VIEW;
    }

    private Duration backoff() {
        Duration base = config.viewChangeTimeout();
        long factor = 1L << Math.min(viewChangeAttempts, 20);
        Duration d = base.multipliedBy(factor);
        return d.compareTo(config.maxViewChangeTimeout()) > 0 ? config.maxViewChangeTimeout() : d;
    }

    /** Runs while requests wait for execution in the normal case; firing means the primary is suspected. */
    private void armRequestTimer() {
        if (requestTimer != null || inViewChange || catchingUp || pending.isEmpty() || stopped || !started) {
            return;
        }
        watchedRequest = pending.oldestId();
        requestTimer = schedule(backoff(), () -> {
            requestTimer = null;
            if (!inViewChange && !catchingUp && !pending.isEmpty() && !suspecting) {
                LOG.info("{}: requests waited too long in view {}; suspecting its primary", self, view);
                suspecting = true;
                announceSuspicion();
                changeViewIfSuspected();
                armRetransmit();
            }
        });
    }

    /** Tells the validators, with the oldest pending requests: replicas that never heard them start timers now. */
    private void announceSuspicion() {
        broadcast(sign(new Suspect(view)));
        pending.all().stream().limit(config.maxBatchSize()).forEach(this::broadcast);
    }

    private DropReason onSuspect(Signed signed) {
        long suspected = ((Suspect) signed.message()).view();
        if (suspected > view) {
            return wrongView(signed.sender(), suspected);
        }
        if (suspected < view || inViewChange) {
            return DropReason.WRONG_VIEW;
        }
        suspicions.put(signed.sender(), clock.instant());
        changeViewIfSuspected();
        return null;
    }

    /**
     * Leaves the view once this replica suspects its primary and a weak certificate of validators, heard within the
     * last suspicion lifetime, does too: one of them at least is correct, and their view changes make the others
     * join.
     */
    private void changeViewIfSuspected() {
        if (!suspecting || inViewChange) {
            return;
        }
        Instant oldest = clock.instant().minus(suspicionLifetime());
        suspicions.values().removeIf(heard -> heard.isBefore(oldest));
        Set<String> suspecters = new HashSet<>(suspicions.keySet());
        suspecters.add(self);
        if (epochs.current().weak(suspecters)) {
            LOG.info("{}: {} suspect the primary of view {}; changing view", self, suspecters, view);
            startViewChange(view + 1);
        }
    }

    /** How long a suspicion counts after it was last heard; suspecting replicas repeat it every retransmission. */
    private Duration suspicionLifetime() {
        Duration twoRetransmissions = config.retransmitInterval().multipliedBy(2);
        return config.viewChangeTimeout().compareTo(twoRetransmissions) > 0 ? config.viewChangeTimeout()
                : twoRetransmissions;
    }

    private void startViewChange(long newView) {
        if (newView <= view) {
            return;
        }
        view = newView;
        inViewChange = true;
        viewChangeAttempts++;
        instruments.viewChangeStarted();
        suspecting = false;
        suspicions.clear();
        cancel(requestTimer);
        requestTimer = null;
        cancel(batchTimer);
        batchTimer = null;
        cancel(viewChangeTimer);
        viewChangeTimer = null;
        pending.clearAssignments();
        myNewView = null;
        higherViews.values().removeIf(v -> v <= newView);
        List<PreparedProof> prepared = new ArrayList<>();
        for (Slot slot : log.tailMap(stable, false).values()) {
            if (slot.preparedProof() != null) {
                prepared.add(slot.preparedProof());
            }
        }
        List<Signed> proof = stable == 0 ? List.of() : store.checkpointProof(stable).orElse(List.of());
        myViewChange = sign(new ViewChange(newView, stable, stableState, proof, prepared));
        ViewRecord record = new ViewRecord(view, true, lastNewView);
        store.write(b -> ReplicaStore.putView(b, record));
        viewChanges.computeIfAbsent(newView, v -> new LinkedHashMap<>()).put(self, myViewChange);
        LOG.info("{}: view change to {} ({} prepared certificates)", self, newView, prepared.size());
        broadcast(myViewChange);
        afterViewChangeVote(newView);
        publishSnapshot();
    }

    private ProofRules proofRules() {
        return new ProofRules(this::authentic, n -> epochs.forSequenceOrCurrent(n, lastExecuted), this::mayPrePrepare,
                config.watermarkWindow());
    }

    private DropReason onViewChange(Signed signed) {
        ViewChange vc = (ViewChange) signed.message();
        if (vc.newView() < view || (vc.newView() == view && !inViewChange)) {
            if (!inViewChange && lastNewView != null) {
                // The sender still waits for a view this replica has left or installed: the new-view message that
                // ended it may never have reached the sender, and nobody else resends it. Once per retransmit
                // interval per sender, so replayed view changes cannot make this replica flood.
                Instant now = clock.instant();
                Instant last = newViewResent.get(signed.sender());
                if (last == null || !now.isBefore(last.plus(config.retransmitInterval()))) {
                    newViewResent.put(signed.sender(), now);
                    send(signed.sender(), lastNewView);
                }
            }
            return DropReason.WRONG_VIEW;
        }
        if (vc.newView() > view + MAX_VIEW_AHEAD) {
            // Far ahead: this replica missed view changes; the new-view message comes with a state reply.
            requestState(List.of(signed.sender()));
            return DropReason.OUT_OF_WINDOW;
        }
        Map<String, Signed> votes = viewChanges.computeIfAbsent(vc.newView(), v -> new LinkedHashMap<>());
        Signed earlier = votes.get(signed.sender());
        if (earlier != null) {
            if (earlier.equals(signed)) {
                // A peer resends its view change when it waits for a new view: it may have missed ours.
                if (myNewView != null && ((NewView) myNewView.message()).view() == vc.newView()) {
                    send(signed.sender(), myNewView);
                }
                return DropReason.REPLAYED;
            }
            return DropReason.CONFLICTING;
        }
        String problem = proofRules().checkViewChange(vc);
        if (problem != null) {
            LOG.debug("{}: invalid view change from {}: {}", self, signed.sender(), problem);
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
        viewChanges.tailMap(view, false).forEach((v, votes) -> votes.keySet().forEach(
                sender -> ahead.merge(sender, v, Math::min)));
        if (!ahead.isEmpty() && epochs.current().weak(ahead.keySet())) {
            long smallest = ahead.values().stream().mapToLong(Long::longValue).min().orElse(view);
            if (smallest > view) {
                startViewChange(smallest);
                return;
            }
        }
        if (!inViewChange) {
            return;
        }
        // The new view must come in time once a certificate of validators is changing to it or to a later view: a
        // sender's view change for a later view replaced its earlier ones here, but it has left this view too.
        Set<String> leaving = new HashSet<>();
        viewChanges.tailMap(view, true).values().forEach(votes -> leaving.addAll(votes.keySet()));
        if (viewChangeTimer == null && epochs.current().strong(leaving)) {
            long waitingFor = view;
            viewChangeTimer = schedule(backoff(), () -> {
                viewChangeTimer = null;
                if (inViewChange && view == waitingFor) {
                    LOG.info("{}: no new view {} in time; moving on", self, waitingFor);
                    startViewChange(waitingFor + 1);
                }
            });
        }
        Map<String, Signed> votes = viewChanges.getOrDefault(view, Map.of());
        if (newView != view || !epochs.current().strong(votes.keySet())) {
            return;
        }
        if (isPrimary() && myNewView == null) {
            List<Signed> used = List.copyOf(votes.values());
            NewViewPlan plan = NewViewPlan.of(used.stream().map(s -> (ViewChange) s.message()).toList());
            List<Signed> prePrepares = new ArrayList<>();
            for (long n = plan.checkpoint() + 1; n <= plan.lastSequence(); n++) {
                prePrepares.add(sign(plan.prePrepare(view, n)));
            }
            myNewView = sign(new NewView(view, used, prePrepares));
            LOG.info("{}: new view {} re-proposes {} sequence numbers after {}", self, view, prePrepares.size(),
                    plan.checkpoint());
            broadcast(myNewView);
            installNewView(myNewView, plan);
        }
    }

    private DropReason onNewView(Signed signed) {
        NewView nv = (NewView) signed.message();
        if (nv.view() < view || (nv.view() == view && !inViewChange)) {
            return nv.view() == view && signed.equals(lastNewView) ? DropReason.REPLAYED : DropReason.WRONG_VIEW;
        }
        if (!signed.sender().equals(primary(nv.view()))) {
            return DropReason.INVALID;
        }
        NewViewPlan plan = checkNewView(nv, signed.sender());
        if (plan == null) {
            return DropReason.INVALID;
        }
        if (nv.view() > view) {
            // Joining a later view directly: this replica promised nothing to the views in between.
            view = nv.view();
        }
        installNewView(signed, plan);
        return null;
    }

    /** The plan a new-view message must follow, or {@code null} when it does not prove its view. */
    private NewViewPlan checkNewView(NewView nv, String primary) {
        ProofRules rules = proofRules();
        Set<String> senders = new HashSet<>();
        List<ViewChange> used = new ArrayList<>();
        for (Signed s : nv.viewChanges()) {
            ViewChange vc = (ViewChange) s.message();
            if (vc.newView() != nv.view() || !senders.add(s.sender()) || !authentic(s)
                    || rules.checkViewChange(vc) != null) {
                return null;
            }
            used.add(vc);
        }
        if (used.isEmpty() || !epochs.current().strong(senders)) {
            return null;
        }
        NewViewPlan plan = NewViewPlan.of(used);
        if (nv.prePrepares().size() != plan.batches().size()) {
            return null;
        }
        for (int i = 0; i < nv.prePrepares().size(); i++) {
            Signed s = nv.prePrepares().get(i);
            PrePrepare pp = (PrePrepare) s.message();
            long n = plan.checkpoint() + 1 + i;
            if (!s.sender().equals(primary) || pp.view() != nv.view() || pp.sequence() != n
                    || !pp.digest().equals(plan.prePrepare(nv.view(), n).digest()) || !authentic(s)) {
                return null;
            }
        }
        return plan;
    }

    private void installNewView(Signed signed, NewViewPlan plan) {
        NewView nv = (NewView) signed.message();
        inViewChange = false;
        suspecting = false;
        suspicions.clear();
        lastNewView = signed;
        cancel(viewChangeTimer);
        viewChangeTimer = null;
        viewChanges.headMap(view, true).clear();
        earlyPrePrepares.clear();
        higherViews.values().removeIf(v -> v <= view);
        pending.clearAssignments();
        ViewRecord record = new ViewRecord(view, false, signed);
        store.write(b -> ReplicaStore.putView(b, record));
        LOG.info("{}: view {} installed, primary {}", self, view, primary(view));
        if (plan.checkpoint() > lastExecuted) {
            requestState(nv.viewChanges().stream().map(Signed::sender).toList());
        } else if (plan.checkpoint() > stable) {
            Digest mine = plan.checkpoint() == lastExecuted ? state
                    : store.executed(plan.checkpoint()).map(Executed::state).orElse(null);
            if (plan.checkpointState().equals(mine)) {
                makeStable(plan.checkpoint(), mine, plan.checkpointProof());
            }
        }
        for (Slot slot : log.tailMap(lastExecuted, false).values()) {
            slot.enterView(view);
        }
        lastAssigned = Math.max(lastExecuted, plan.lastSequence());
        for (Signed pp : nv.prePrepares()) {
            if (((PrePrepare) pp.message()).sequence() > lastExecuted) {
                DropReason outcome = onPrePrepare(pp, true);
                if (outcome != null && outcome != DropReason.REPLAYED) {
                    LOG.debug("{}: pre-prepare of the new view not taken: {}", self, outcome);
                }
            }
        }
        markAssignedInView();
        armRequestTimer();
        orderIfPrimary(false);
        publishSnapshot();
    }

    // ------------------------------------------------------------------------------------------ state transfer

    /** Asks {@code peers} for what follows the last executed sequence number, at most once per retransmit interval. */
    private void requestState(Collection<String> peers) {
        if (!stateTransfer.mayAsk(clock.instant(), config.retransmitInterval())) {
            return;
        }
        Signed fetch = sign(new FetchState(lastExecuted + 1, view));
        peers.stream().filter(p -> !p.equals(self)).distinct().forEach(p -> send(p, fetch));
    }

    /** Answers every fetch, with an empty reply when there is nothing newer: the asker may be catching up. */
    private DropReason onFetchState(Signed signed) {
        FetchState fetch = (FetchState) signed.message();
        Signed newView = view > fetch.view() && !inViewChange ? lastNewView : null;
        send(signed.sender(), sign(stateTransfer.reply(fetch.fromSequence(), lastExecuted, this::committedFrom,
                newView)));
        return null;
    }

    /** Starts asking every other validator for what follows the last executed sequence number (see catchingUp). */
    private void catchUp() {
        List<String> others = otherValidators();
        catchingUp = !others.isEmpty();
        if (catchingUp) {
            cancel(requestTimer);
            requestTimer = null;
        }
        caughtUpWith.clear();
        stateTransfer.answered();
        requestState(others);
        armRetransmit();
    }

    private List<String> otherValidators() {
        return epochs.current().set().validators().stream().map(v -> v.peerId()).filter(p -> !p.equals(self))
                .toList();
    }

    /** The commit certificates this replica holds from {@code from} on, without a gap. */
    private List<CommittedProof> committedFrom(long from) {
        List<CommittedProof> proofs = new ArrayList<>();
        for (long n = from; n <= lastExecuted && proofs.size() < MessageCodec.MAX_SLOTS; n++) {
            Slot slot = log.get(n);
            if (slot == null || slot.prePrepare() == null) {
                break;
            }
            List<Signed> commits = slot.matchingCommits();
            if (!epochs.forSequenceOrCurrent(n, lastExecuted).strong(commits.stream().map(Signed::sender).toList())) {
                break;
            }
            proofs.add(new CommittedProof(slot.prePrepare(), commits));
        }
        return proofs;
    }

    private DropReason onStateReply(Signed signed) {
        long entry = lastExecuted;
        DropReason outcome = applyStateReply(signed);
        if (outcome == null && catchingUp) {
            if (lastExecuted > entry) {
                // one reply holds a bounded number of slots: ask again at once
                caughtUpWith.clear();
                stateTransfer.answered();
                requestState(otherValidators());
            } else {
                caughtUpWith.add(signed.sender());
                if (epochs.current().weak(caughtUpWith) || caughtUpWith.containsAll(otherValidators())) {
                    catchingUp = false;
                    LOG.info("{}: caught up at sequence {} with {}", self, lastExecuted, caughtUpWith);
                    armRequestTimer();
                }
            }
        }
        return outcome;
    }

    private DropReason applyStateReply(Signed signed) {
        StateReply reply = (StateReply) signed.message();
        if (!reply.slots().isEmpty()) {
            Optional<StateTransfer.Verified> verified = stateTransfer.verify(reply, lastExecuted, state,
                    (n, digest, proof) -> proofRules().checkCheckpointProof(n, digest, proof));
            if (verified.isEmpty()) {
                return DropReason.INVALID;
            }
            StateTransfer.Verified v = verified.get();
            LOG.info("{}: state transfer from {} executes {} to {}", self, signed.sender(), lastExecuted + 1,
                    v.checkpoint());
            for (ExecutedSlot slot : v.slots()) {
                Epoch epoch = epochs.forSequenceOrCurrent(slot.sequence(), lastExecuted);
                apply(slot, view, List.of(), epoch);
            }
            if (v.checkpoint() > stable) {
                makeStable(v.checkpoint(), v.state(), reply.checkpointProof());
            }
            for (Slot slot : log.tailMap(lastExecuted, false).values()) {
                slot.enterView(view);
            }
            stateTransfer.answered();
            afterProgress();
            requestState(List.of(signed.sender()));
        }
        long before = lastExecuted;
        ProofRules rules = proofRules();
        for (CommittedProof proof : reply.committed()) {
            long n = proof.message().sequence();
            if (n <= lastExecuted) {
                continue;
            }
            if (n != lastExecuted + 1) {
                break;
            }
            if (rules.checkCommitted(proof) != null) {
                return DropReason.INVALID;
            }
            executeBatch(n, proof.message().view(), proof.message().batch(), proof.commits());
        }
        if (lastExecuted > before) {
            afterProgress();
        }
        if (reply.newView() != null && authentic(reply.newView())) {
            DropReason outcome = onNewView(reply.newView());
            if (outcome == DropReason.INVALID) {
                return outcome;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------ retransmission

    /** While work is in progress, resends this replica's latest messages every retransmit interval. */
    private void armRetransmit() {
        if (retransmitTimer != null || stopped || !started || !workInProgress()) {
            return;
        }
        retransmitTimer = schedule(config.retransmitInterval(), () -> {
            retransmitTimer = null;
            retransmit();
            armRetransmit();
        });
    }

    /**
     * The validators that committed a slot above the last executed one, when a weak certificate of them did (so an
     * honest one did): this replica is missing something it cannot execute without.
     */
    private Optional<Set<String>> committedAhead() {
        for (Slot slot : log.tailMap(lastExecuted, false).values()) {
            Set<String> committers = slot.committers();
            if (epochs.forSequenceOrCurrent(slot.sequence(), lastExecuted).weak(committers)) {
                return Optional.of(committers);
            }
        }
        return Optional.empty();
    }

    private boolean workInProgress() {
        return catchingUp || inViewChange || !pending.isEmpty() || myCheckpoint != null
                || (!log.isEmpty() && log.lastKey() > lastExecuted);
    }

    private void retransmit() {
        if (catchingUp) {
            requestState(otherValidators());
        }
        // This replica's own requests go out in any view: if it is alone in a view change, the others may never
        // have heard them, and only they can order them.
        for (Signed request : pending.all()) {
            if (request.sender().equals(self)) {
                broadcast(request);
            }
        }
        if (inViewChange) {
            if (myViewChange != null) {
                broadcast(myViewChange);
            }
            // The others may have stayed in their view (this replica timed out alone): what they decide meanwhile
            // reaches it by state transfer, with their new-view message if they moved on.
            requestState(epochs.current().set().validators().stream().map(v -> v.peerId()).toList());
            return;
        }
        for (Slot slot : log.tailMap(lastExecuted, false).values()) {
            if (slot.view() != view || slot.prePrepare() == null) {
                continue;
            }
            if (isPrimary()) {
                broadcast(slot.prePrepare());
            }
            Signed prepare = slot.prepareOf(self);
            if (prepare != null) {
                broadcast(prepare);
            }
            Signed commit = slot.commitOf(self);
            if (commit != null) {
                broadcast(commit);
            }
        }
        if (suspecting) {
            announceSuspicion();
            changeViewIfSuspected();
        }
        if (!pending.isEmpty()) {
            // Waiting requests may have been decided while this replica missed a message: ask.
            requestState(epochs.current().set().validators().stream().map(v -> v.peerId()).toList());
        } else {
            // Others committed a slot this replica cannot execute (it missed the pre-prepare or the votes): once the
            // network is quiet, nothing else would bring it, so ask those that committed it.
            committedAhead().ifPresent(this::requestState);
        }
        if (myCheckpoint != null) {
            broadcast(myCheckpoint);
        }
    }

    // ------------------------------------------------------------------------------------------ plumbing

    private Signed sign(Message message) {
        return Signed.sign(self, message, identity::sign);
    }

    private void broadcast(Signed signed) {
        byte[] frame = MessageCodec.encode(signed);
        for (var v : epochs.current().set().validators()) {
            if (!v.peerId().equals(self)) {
                deliver(v.peerId(), signed, frame);
            }
        }
    }

    private void send(String peer, Signed signed) {
        deliver(peer, signed, MessageCodec.encode(signed));
    }

    private void deliver(String peer, Signed signed, byte[] honestFrame) {
        byte[] frame = honestFrame;
        ByzantineBehaviour lying = byzantineBehaviour;
        if (lying != null && signed.sender().equals(self)) {
            Message lie = Equivocation.conflicting(lying, peer, signed.message());
            if (lie != null) {
                frame = MessageCodec.encode(sign(lie));
            }
        }
        OutboundFilter filter = outboundFilter;
        byte[] out = filter == null ? frame : filter.filter(peer, frame);
        if (out != null) {
            links.send(peer, out);
        }
    }

    private void count(DropReason reason) {
        instruments.dropped(reason);
    }

    private void setStatus(ProposalStatus status) {
        synchronized (statuses) {
            ProposalStatus earlier = statuses.get(status.proposal().id());
            if (earlier != null && earlier.state() == ProposalStatus.State.DECIDED) {
                return;
            }
            statuses.put(status.proposal().id(), status);
        }
    }

    private void publishSnapshot() {
        Epoch epoch = epochs.current();
        long total = epoch.totalWeight();
        snapshot = new ConsensusState(view, epoch.primary(view), decisionCount, stable, epoch.set(),
                Quorums.faultToleranceWeight(total), Quorums.faultToleranceCount(epoch.weightList()), inViewChange);
    }

    /** Runs a task on the executor, unless it was shut down (then the replica is being torn down). */
    private void run(Runnable task) {
        try {
            executor.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("PBFT executor is shut down; task dropped");
        }
    }

    private ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return executor.schedule(() -> guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    private void guarded(Runnable task) {
        if (stopped) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("PBFT replica {} failed on an input", self, e);
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }
}
