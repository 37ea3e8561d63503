package org.aegis.node.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionCodec;
import org.aegis.api.consensus.DecisionLog;
import org.aegis.api.store.Store;
import org.aegis.api.store.StoreEntry;
import org.aegis.api.store.WriteBatch;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's journal of committed decisions: map {@value #MAP} of the store, one {@link DecisionCodec} entry per
 * sequence number, written by the {@link ReplicatedStateMachine} in the same atomic batch as the decision's outcome,
 * so the journal holds exactly the applied decisions. Read as the {@link DecisionLog} service, which stays
 * readable while no consensus engine is installed; while one is bound, what it committed and the node has not applied
 * yet is read from it.
 */
@Component(service = DecisionLog.class)
public class DecisionJournal implements DecisionLog {
    static final String MAP = "node.decisions";
    private static final Logger LOG = LoggerFactory.getLogger(DecisionJournal.class);

    private final Store store;
    private final AtomicReference<ConsensusEngine> engine = new AtomicReference<>();

    @Activate
    public DecisionJournal(@Reference Store store) {
        this.store = store;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindEngine(ConsensusEngine bound) {
        engine.set(bound);
    }

    void unbindEngine(ConsensusEngine unbound) {
        engine.compareAndSet(unbound, null);
    }

    static String key(long sequence) {
        return String.format("%020d", sequence);
    }

    /** Adds the decision to the journal as part of {@code batch}. */
    static void record(Decision decision, WriteBatch batch) {
        batch.put(MAP, key(decision.sequence()), DecisionCodec.encode(decision));
    }

    /** Sequence number of the last journaled decision, 0 when the journal is empty. */
    long journaled() {
        return store.map(MAP).lastKey().map(Long::parseLong).orElse(0L);
    }

    /** The journaled decisions from {@code fromSequence} on, in order, up to the first gap, at most {@code limit}. */
    List<Decision> journal(long fromSequence, int limit) {
        List<Decision> out = new ArrayList<>();
        long next = fromSequence;
        for (StoreEntry entry : store.map(MAP).range(key(fromSequence), null, limit)) {
            Decision decision = DecisionCodec.decode(entry.value());
            if (decision.sequence() != next) {
                break;
            }
            out.add(decision);
            next++;
        }
        return out;
    }

    @Override
    public List<Decision> decisions(long fromSequence, int limit) {
        if (fromSequence < 1 || limit < 1) {
            throw new IllegalArgumentException("decisions from sequence 1 on, at least 1 of them");
        }
        List<Decision> out = journal(fromSequence, limit);
        if (out.size() < limit) {
            long next = fromSequence + out.size();
            for (Decision decision : fromEngine(next, limit - out.size())) {
                if (decision.sequence() != next) {
                    break;
                }
                out.add(decision);
                next++;
            }
        }
        return out;
    }

    @Override
    public long lastCommitted() {
        long journaled = journaled();
        ConsensusEngine current = engine.get();
        if (current == null) {
            return journaled;
        }
        try {
            return Math.max(journaled, current.lastCommitted());
        } catch (RuntimeException e) {
            return journaled;
        }
    }

    @Override
    public Optional<Decision> decision(long sequence) {
        if (sequence < 1) {
            return Optional.empty();
        }
        Optional<Decision> journaled = store.map(MAP).get(key(sequence)).map(DecisionCodec::decode);
        if (journaled.isPresent()) {
            return journaled;
        }
        return fromEngine(sequence, 1).stream().filter(d -> d.sequence() == sequence).findFirst();
    }

    /** What the bound engine committed from {@code fromSequence} on; empty without one or when it fails. */
    private List<Decision> fromEngine(long fromSequence, int limit) {
        ConsensusEngine current = engine.get();
        if (current == null) {
            return List.of();
        }
        try {
            return current.decisions(fromSequence, limit);
        } catch (RuntimeException e) {
            LOG.debug("The consensus engine could not list decisions from {}: {}", fromSequence, e.toString());
            return List.of();
        }
    }
}
