package org.aegis.example.solo;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aegis.api.consensus.ConsensusBusyException;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionListener;
import org.aegis.api.consensus.DecisionRules;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.api.consensus.Validator;
import org.aegis.api.consensus.ValidatorSet;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A consensus engine for a development network of one node, like Hyperledger Fabric's "solo" orderer: this node is
 * the only validator, so each proposal is decided as soon as it is checked, in the order proposals arrive, on the
 * engine's thread. Decisions are kept in the node's {@link Store} ({@link SoloLog}), so they survive a restart and
 * {@link #decisions} serves them; they are delivered to the {@link DecisionListener} services on a second thread,
 * so a slow listener never holds up deciding. Each proposal is checked against every {@link DecisionRules} service
 * first, the check the node's state machine would run when applying it: a refused proposal is never decided.
 *
 * <p>Becoming the engine: consumers bind the {@link ConsensusEngine} with the highest {@code service.ranking}. This
 * one registers with -100, below PBFT's 0, so installing it beside PBFT changes nothing. An operator makes it the
 * engine by raising its ranking above 0: a typed configuration file {@code etc/<PID>.config} ({@link #PID})
 * holding {@code service.ranking=I"100"} (in a {@code .cfg} file the value would be a String, which the service
 * registry ignores). Stop the PBFT bundle as well: an outranked PBFT still proposes its metrics reports to itself
 * and delivers those decisions to every listener, mixing its sequence numbers with these. Switch on a fresh
 * store: this engine keeps its own log, so consumers that applied PBFT's decisions would find none of theirs here.
 *
 * <p>Nothing else of PBFT applies: one validator of weight 1, view 0, no fault tolerance; a committed
 * {@code validators} decision changes nothing here.
 */
@Component(service = ConsensusEngine.class, configurationPid = SoloConsensusEngine.PID)
@Designate(ocd = SoloConsensusEngine.Config.class)
public final class SoloConsensusEngine implements ConsensusEngine {
    static final String PID = "org.aegis.example.solo";
    static final String ENGINE_THREAD = "solo-consensus";
    static final String DELIVERY_THREAD = "solo-consensus-decisions";
    /** Limits of a proposal, the same as PBFT's, so a proposal accepted here would be accepted there. */
    static final int MAX_ID_BYTES = 256;
    static final int MAX_KIND_BYTES = 64;
    static final int MAX_PROPOSER_BYTES = 256;
    static final int MAX_PAYLOAD_BYTES = 256 << 10;
    /** Rejected proposals remembered for {@link #status}; decided ones are read from the store. */
    static final int REJECTED_REMEMBERED = 1000;
    private static final long STOP_WAIT_SECONDS = 30;
    private static final System.Logger LOG = System.getLogger(SoloConsensusEngine.class.getName());

    @ObjectClassDefinition(name = "AEGIS example: solo consensus",
            description = "A one-node development network that decides each proposal at once.")
    public @interface Config {
        @AttributeDefinition(name = "Service ranking",
                description = "Consumers use the engine ranked highest; PBFT has 0. Above 0 makes this the engine.")
        int service_ranking() default -100;

        @AttributeDefinition(name = "Max pending", description = "Proposals waiting to be decided at most, 1 or more;"
                + " more are refused until the engine catches up.")
        int maxPending() default 1000;
    }

    private final String self;
    private final ValidatorSet validators;
    private final SoloLog log;
    private final Clock clock;
    private final int maxPending;
    private final ExecutorService engine;
    private final ExecutorService delivery;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<DecisionListener> listeners = new CopyOnWriteArrayList<>();
    private final List<DecisionRules> rules = new CopyOnWriteArrayList<>();
    /** Proposals accepted by {@link #propose} and not yet decided or rejected, by id. */
    private final Map<String, Proposal> pending = new ConcurrentHashMap<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Map<String, ProposalStatus> rejected = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ProposalStatus> eldest) {
            return size() > REJECTED_REMEMBERED;
        }
    };
    /** Written only on the engine thread, read from any. */
    private volatile long lastCommitted;
    private volatile boolean stopped;

    @Activate
    public SoloConsensusEngine(Config config, @Reference(name = "identity") NodeIdentity identity,
            @Reference(name = "store") Store store) {
        this(config, identity, store, Clock.systemUTC());
    }

    SoloConsensusEngine(Config config, NodeIdentity identity, Store store, Clock clock) {
        if (config.maxPending() < 1) {
            throw new IllegalArgumentException(PID + ": maxPending must be at least 1, not " + config.maxPending());
        }
        this.self = identity.peerId();
        this.validators = new ValidatorSet(0, List.of(new Validator(self, 1)), 1);
        this.log = new SoloLog(store);
        this.clock = clock;
        this.maxPending = config.maxPending();
        this.lastCommitted = log.lastSequence();
        this.engine = Executors.newSingleThreadExecutor(r -> owned(new Thread(r, ENGINE_THREAD)));
        this.delivery = Executors.newSingleThreadExecutor(r -> owned(new Thread(r, DELIVERY_THREAD)));
    }

    /**
     * Fails what is still waiting, delivers what was decided, then stops both threads: the order the hot-swap
     * contract asks for, so a replacement engine starts after the last delivery.
     */
    @Deactivate
    void deactivate() {
        stopped = true;
        engine.shutdown();
        try {
            // queued proposals see stopped and fail; only then is the delivery queue complete
            if (!engine.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                engine.shutdownNow();
            }
            delivery.shutdown();
            if (!delivery.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "Decision listeners did not return within {0} s", STOP_WAIT_SECONDS);
                delivery.shutdownNow();
            }
            // an executor is terminated before its thread has exited
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(STOP_WAIT_SECONDS));
            }
        } catch (InterruptedException e) {
            engine.shutdownNow();
            delivery.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private Thread owned(Thread thread) {
        threads.add(thread);
        return thread;
    }

    // ------------------------------------------------------------------------------------------ ConsensusEngine

    @Override
    public CompletionStage<Decision> propose(Proposal proposal) {
        String problem = problemWith(proposal);
        if (problem != null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(problem));
        }
        if (stopped) {
            return CompletableFuture.failedFuture(new IllegalStateException("the solo engine is stopped"));
        }
        if (queued.incrementAndGet() > maxPending) {
            queued.decrementAndGet();
            return CompletableFuture.failedFuture(new ConsensusBusyException(
                    "too many pending proposals (" + maxPending + ")", Duration.ofSeconds(1)));
        }
        pending.putIfAbsent(proposal.id(), proposal);
        CompletableFuture<Decision> result = new CompletableFuture<>();
        try {
            engine.execute(() -> {
                Decision decision = null;
                RuntimeException failure = null;
                try {
                    decision = decide(proposal);
                } catch (RuntimeException e) {
                    // rejected, or the store failed: not decided, and the engine goes on
                    failure = e;
                } finally {
                    // before completing: whoever sees the outcome must not find the proposal still pending
                    pending.remove(proposal.id(), proposal);
                    queued.decrementAndGet();
                }
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(decision);
                }
            });
        } catch (RejectedExecutionException e) {
            pending.remove(proposal.id(), proposal);
            queued.decrementAndGet();
            result.completeExceptionally(new IllegalStateException("the solo engine is stopped", e));
        }
        return result;
    }

    @Override
    public ValidatorSet validators() {
        return validators;
    }

    @Override
    public long view() {
        return 0;
    }

    @Override
    public long lastCommitted() {
        return lastCommitted;
    }

    @Override
    public ConsensusState state() {
        long last = lastCommitted;
        // every decision is final at once: the stable checkpoint is the last decision; one validator tolerates none
        return new ConsensusState(0, self, last, last, validators, 0, 0, false);
    }

    @Override
    public Optional<ProposalStatus> status(String proposalId) {
        if (proposalId == null) {
            return Optional.empty();
        }
        Optional<Decision> decided = log.decisionOf(proposalId);
        if (decided.isPresent()) {
            Decision d = decided.get();
            return Optional.of(new ProposalStatus(d.proposal(), ProposalStatus.State.DECIDED, d.sequence(), d.view(),
                    List.of(new ProposalStatus.Vote(self, 1)), 1, 1, null));
        }
        Proposal waiting = pending.get(proposalId);
        if (waiting != null) {
            return Optional.of(new ProposalStatus(waiting, ProposalStatus.State.PENDING, 0, 0, List.of(), 0, 0, null));
        }
        synchronized (rejected) {
            return Optional.ofNullable(rejected.get(proposalId));
        }
    }

    @Override
    public List<Decision> decisions(long fromSequence, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return log.decisions(Math.max(1, fromSequence), limit);
    }

    // ------------------------------------------------------------------------------------------ deciding

    /**
     * Runs on the engine thread, one proposal at a time: the order of this queue is the order of decisions. Throws
     * {@link IllegalArgumentException} for a refused proposal, {@link IllegalStateException} once stopped.
     */
    private Decision decide(Proposal proposal) {
        if (stopped) {
            throw new IllegalStateException("the solo engine stopped before deciding");
        }
        Optional<Decision> earlier = log.decisionOf(proposal.id());
        if (earlier.isPresent()) {
            if (SoloLog.sameContent(earlier.get().proposal(), proposal)) {
                return earlier.get(); // a retry: the same decision again
            }
            throw reject(proposal, "proposal id " + proposal.id() + " was already decided with other content");
        }
        String refusal = refusal(proposal);
        if (refusal != null) {
            throw reject(proposal, refusal);
        }
        Decision decision = new Decision(lastCommitted + 1, 0, proposal, clock.instant());
        log.append(decision);
        lastCommitted = decision.sequence();
        delivery.execute(() -> deliver(decision));
        return decision;
    }

    /** The first refusal of any rules service, or null; a rules service that throws refuses too. */
    private String refusal(Proposal proposal) {
        for (DecisionRules r : rules) {
            try {
                Optional<DecisionRules.Refusal> refusal = r.check(proposal);
                if (refusal.isPresent()) {
                    return "refused (" + refusal.get().reason() + "): " + refusal.get().message();
                }
            } catch (RuntimeException e) {
                return "refused: the decision rules failed on it: " + e.getMessage();
            }
        }
        return null;
    }

    /** Remembers the rejection for {@link #status} and returns the exception to fail the proposal with. */
    private IllegalArgumentException reject(Proposal proposal, String reason) {
        synchronized (rejected) {
            rejected.put(proposal.id(), new ProposalStatus(proposal, ProposalStatus.State.REJECTED, 0, 0, List.of(),
                    0, 0, reason));
        }
        return new IllegalArgumentException(reason);
    }

    private void deliver(Decision decision) {
        for (DecisionListener listener : listeners) {
            try {
                listener.onDecision(decision);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "Decision listener " + listener + " failed on decision " + decision.sequence(), e);
            }
        }
    }

    /** What is wrong with a proposal's shape, or null: the limits PBFT applies. */
    private static String problemWith(Proposal p) {
        if (p == null || p.id() == null || p.kind() == null || p.payload() == null || p.proposer() == null) {
            return "a proposal needs an id, a kind, a payload and a proposer";
        }
        if (p.id().isEmpty() || utf8(p.id()) > MAX_ID_BYTES) {
            return "proposal id must be 1 to " + MAX_ID_BYTES + " bytes";
        }
        if (utf8(p.kind()) > MAX_KIND_BYTES) {
            return "proposal kind is over " + MAX_KIND_BYTES + " bytes";
        }
        if (p.payload().length > MAX_PAYLOAD_BYTES) {
            return "proposal payload of " + p.payload().length + " bytes, the limit is " + MAX_PAYLOAD_BYTES;
        }
        if (utf8(p.proposer()) > MAX_PROPOSER_BYTES) {
            return "proposer is over " + MAX_PROPOSER_BYTES + " bytes";
        }
        return null;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    // ------------------------------------------------------------------------------------------ references

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindDecisionListener(DecisionListener listener) {
        listeners.add(listener);
    }

    void unbindDecisionListener(DecisionListener listener) {
        listeners.remove(listener);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindDecisionRules(DecisionRules decisionRules) {
        rules.add(decisionRules);
    }

    void unbindDecisionRules(DecisionRules decisionRules) {
        rules.remove(decisionRules);
    }
}
