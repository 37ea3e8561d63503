package org.aegis.node.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.aegis.api.consensus.ConfigChange;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionListener;
import org.aegis.api.consensus.ModelVersionChange;
import org.aegis.api.consensus.ValidatorSetChange;
import org.aegis.api.node.NodeEvent;
import org.aegis.api.node.NodeService;
import org.aegis.api.store.Store;
import org.aegis.api.store.StoreEntry;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's replicated state machine: applies committed decisions in sequence order, exactly once, records
 * each outcome in the store together with the applied sequence number, then publishes it on the event bus.
 * Decisions it missed (the node was down, or the listener was not bound yet) are read back from the consensus
 * engine's log, so a gap never skips a decision. Each applied decision is also written to the node's
 * {@link DecisionJournal}, in the same batch as its outcome, so committed decisions stay readable without an engine;
 * a journal that lacks decisions applied before it existed is back-filled from the engine.
 */
@Component(service = DecisionListener.class)
public class ReplicatedStateMachine implements DecisionListener {
    static final String DECIDED_TOPIC = "aegis/consensus/decided";
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedStateMachine.class);
    private static final int CATCH_UP_PAGE = 256;

    private final Store store;
    private final NodeService node;
    private final Clock clock;
    private final DecisionApplier applier;
    private final DecisionJournal journal;
    /** One thread, so decisions are applied strictly one after the other. */
    private final ExecutorService applyThread;
    private final AtomicReference<ConsensusEngine> engine = new AtomicReference<>();
    /** Decisions handed over by the engine and not yet taken by the apply thread. */
    private final Queue<Decision> arrived = new ConcurrentLinkedQueue<>();

    @Activate
    public ReplicatedStateMachine(@Reference Store store, @Reference NodeService node,
            @Reference ConfigurationAdmin configurationAdmin) {
        this(store, node, Clock.systemUTC(), new ConfigurationAdminEffects(configurationAdmin));
    }

    ReplicatedStateMachine(Store store, NodeService node, Clock clock, Effects effects) {
        this.store = store;
        this.node = node;
        this.clock = clock;
        this.applier = new DecisionApplier(new ObjectMapper(), effects);
        this.journal = new DecisionJournal(store);
        this.applyThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "aegis-node-state"));
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        applyThread.shutdownNow();
        applyThread.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEngine(ConsensusEngine bound) {
        engine.set(bound);
        applyThread.execute(this::catchUp);
    }

    void unbindEngine(ConsensusEngine unbound) {
        engine.compareAndSet(unbound, null);
    }

    @Override
    public void onDecision(Decision decision) {
        arrived.add(decision);
        applyThread.execute(this::applyArrived);
    }

    /**
     * Applies every decision that arrived since the last turn, in order, the consecutive ones in one store batch
     * (one commit and sync for a whole consensus batch instead of one per decision); a gap is filled from the
     * engine's log first.
     */
    private void applyArrived() {
        List<Decision> next = new ArrayList<>();
        for (Decision d = arrived.poll(); d != null; d = arrived.poll()) {
            next.add(d);
        }
        List<Decision> run = new ArrayList<>();
        long expected = applied() + 1;
        for (Decision decision : next) {
            if (decision.sequence() > expected) {
                apply(run);
                run.clear();
                catchUp();
                expected = applied() + 1;
            }
            if (decision.sequence() == expected) {
                run.add(decision);
                expected++;
            }
        }
        apply(run);
    }

    /** Sequence number of the last applied decision, 0 before the first. */
    public long applied() {
        return store.map(DecisionApplier.STATE_MAP).get(DecisionApplier.APPLIED_KEY)
                .map(bytes -> Long.parseLong(new String(bytes, StandardCharsets.US_ASCII))).orElse(0L);
    }

    /** The outcome of the decision at {@code sequence}, once applied. */
    public Optional<Outcome> outcome(long sequence) {
        return store.map(DecisionApplier.STATE_MAP).get(DecisionApplier.outcomeKey(sequence)).map(this::decode);
    }

    /** Outcomes from {@code fromSequence} on, in order, at most {@code limit}. */
    public List<Outcome> outcomes(long fromSequence, int limit) {
        List<Outcome> result = new ArrayList<>();
        for (StoreEntry entry : store.map(DecisionApplier.STATE_MAP).range(DecisionApplier.outcomeKey(fromSequence),
                DecisionApplier.outcomeKeyPrefixEnd(), limit)) {
            result.add(decode(entry.value()));
        }
        return result;
    }

    private void catchUp() {
        ConsensusEngine source = engine.get();
        if (source == null) {
            return;
        }
        backfillJournal(source);
        while (!Thread.currentThread().isInterrupted()) {
            List<Decision> missed = source.decisions(applied() + 1, CATCH_UP_PAGE);
            if (missed.isEmpty()) {
                return;
            }
            long expected = applied() + 1;
            List<Decision> run = new ArrayList<>();
            for (Decision decision : missed) {
                if (decision.sequence() != expected) {
                    apply(run);
                    LOG.error("Consensus log has a gap: expected decision {}, got {}; waiting for it", expected,
                            decision.sequence());
                    return;
                }
                run.add(decision);
                expected++;
            }
            apply(run);
        }
    }

    /**
     * Journals the decisions applied before the journal existed (a node upgraded from a version without it), from
     * the engine's log: the journal then holds every applied decision.
     */
    private void backfillJournal(ConsensusEngine source) {
        long journaled = journal.journaled();
        long applied = applied();
        while (journaled < applied && !Thread.currentThread().isInterrupted()) {
            List<Decision> missing = source.decisions(journaled + 1, (int) Math.min(CATCH_UP_PAGE, applied - journaled));
            if (missing.isEmpty() || missing.get(0).sequence() != journaled + 1) {
                LOG.warn("The decision journal lacks decisions {} to {} and the consensus engine does not have them",
                        journaled + 1, applied);
                return;
            }
            long last = journaled;
            List<Decision> page = new ArrayList<>();
            for (Decision decision : missing) {
                if (decision.sequence() != last + 1 || decision.sequence() > applied) {
                    break;
                }
                page.add(decision);
                last = decision.sequence();
            }
            store.write(batch -> page.forEach(decision -> DecisionJournal.record(decision, batch)));
            LOG.info("Journaled decisions {} to {} from the consensus engine", journaled + 1, last);
            journaled = last;
        }
    }

    private static boolean changesThisNode(String kind) {
        return ConfigChange.KIND.equals(kind) || ModelVersionChange.KIND.equals(kind)
                || ValidatorSetChange.KIND.equals(kind);
    }

    /** Applies consecutive decisions in one store batch, then logs and publishes each outcome. */
    private void apply(List<Decision> decisions) {
        if (decisions.isEmpty()) {
            return;
        }
        List<Outcome> outcomes = new ArrayList<>(decisions.size());
        store.write(batch -> {
            for (Decision decision : decisions) {
                outcomes.add(applier.apply(decision, batch));
                DecisionJournal.record(decision, batch);
            }
        });
        for (int i = 0; i < decisions.size(); i++) {
            published(decisions.get(i), outcomes.get(i));
        }
    }

    private void published(Decision decision, Outcome done) {
        if (done.status() == Outcome.Status.REJECTED || changesThisNode(done.kind())) {
            LOG.info("Applied decision {} ({} {}): {} {}", done.sequence(), done.kind(), done.proposalId(),
                    done.status(), done.detail());
        } else { // a line for every decision was 3 % of a loaded node's CPU in a profile
            LOG.debug("Applied decision {} ({} {}): {} {}", done.sequence(), done.kind(), done.proposalId(),
                    done.status(), done.detail());
        }
        node.publish(new NodeEvent(DECIDED_TOPIC, "consensus", clock.instant(), Map.of(
                "sequence", decision.sequence(), "view", decision.view(), "proposal_id", done.proposalId(),
                "kind", done.kind(), "proposer", decision.proposal().proposer(), "status", done.status().name(),
                "detail", done.detail())));
    }

    private Outcome decode(byte[] stored) {
        try {
            return applier.decode(stored);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable outcome in the store: " + e.getMessage(), e);
        }
    }
}
