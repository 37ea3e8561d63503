package org.aegis.itests.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ValidatorSet;

/**
 * Checks PBFT's properties on the honest replicas of one run, as decisions happen and at the end:
 * <ul>
 * <li>agreement: no two honest replicas decide different proposals at one sequence number;</li>
 * <li>validity: only proposals a client or validator made are decided, with the content proposed;</li>
 * <li>integrity: each replica decides each proposal once, and delivers decisions 1, 2, 3… in order, each once,
 *     across crashes and restarts; what it delivered is what its store holds;</li>
 * <li>liveness: every proposal made is decided by every honest replica within a bound after GST;</li>
 * <li>weights: replicas that reached the same weight epoch weigh the validators the same way.</li>
 * </ul>
 * Byzantine replicas are not checked. Violations are collected, with the virtual time they were seen.
 */
final class SafetyChecker {
    /** A decision's identity: the proposal's id and content. */
    private record Decided(String id, String kind, byte[] payload, String proposer) {
        static Decided of(Proposal p) {
            return new Decided(p.id(), p.kind(), p.payload(), p.proposer());
        }

        boolean sameAs(Decided o) {
            return id.equals(o.id) && kind.equals(o.kind) && Arrays.equals(payload, o.payload)
                    && proposer.equals(o.proposer);
        }

        @Override
        public String toString() {
            return id + "(" + kind + ", " + payload.length + " B, by " + proposer + ")";
        }
    }

    private final Set<String> honest;
    private final Supplier<Instant> now;
    private final Map<String, Decided> proposed = new LinkedHashMap<>();
    private final Map<Long, Decided> agreed = new HashMap<>();
    private final Map<String, List<Decided>> delivered = new TreeMap<>();
    private final Map<String, Set<String>> decidedIds = new TreeMap<>();
    private final List<String> violations = new ArrayList<>();
    /** (proposal, honest replica) pairs still undecided: liveness holds when it reaches 0. */
    private long undecided;

    SafetyChecker(Set<String> honest, Supplier<Instant> now) {
        this.honest = Set.copyOf(honest);
        this.now = now;
        honest.forEach(r -> {
            delivered.put(r, new ArrayList<>());
            decidedIds.put(r, new HashSet<>());
        });
    }

    /** A proposal is made (the same one again, as a client's retry, is fine). */
    void proposed(Proposal p) {
        Decided d = Decided.of(p);
        Decided earlier = proposed.putIfAbsent(p.id(), d);
        if (earlier == null) {
            undecided += honest.size() - decidedIds.values().stream().filter(ids -> ids.contains(p.id())).count();
        } else if (!earlier.sameAs(d)) {
            violation("the harness proposed two contents under id " + p.id());
        }
    }

    /** Replica {@code replica} delivered {@code decision} to its listener. */
    void delivered(String replica, Decision decision) {
        if (!honest.contains(replica)) {
            return;
        }
        Decided d = Decided.of(decision.proposal());
        List<Decided> mine = delivered.get(replica);
        if (decision.sequence() != mine.size() + 1) {
            violation(replica + " delivered decision " + decision.sequence() + " after " + mine.size()
                    + " (a gap, a repeat or out of order)");
        }
        mine.add(d);
        Decided first = agreed.putIfAbsent(decision.sequence(), d);
        if (first != null && !first.sameAs(d)) {
            violation("agreement: decision " + decision.sequence() + " is " + first + " on one honest replica and "
                    + d + " on " + replica);
        }
        Decided made = proposed.get(d.id());
        if (made == null || !made.sameAs(d)) {
            violation("validity: " + replica + " decided " + d + (made == null ? ", which nobody proposed"
                    : ", but the proposal was " + made));
        }
        if (!decidedIds.get(replica).add(d.id())) {
            violation("integrity: " + replica + " decided " + d.id() + " twice");
        } else if (made != null) {
            undecided--;
        }
    }

    /** Whether every proposal made so far is decided by every honest replica. */
    boolean allDecided() {
        return undecided == 0;
    }

    void livenessFailed(Duration bound, String replicaStates) {
        List<String> missing = new ArrayList<>();
        decidedIds.forEach((replica, ids) -> {
            long count = proposed.keySet().stream().filter(id -> !ids.contains(id)).count();
            if (count > 0) {
                missing.add(replica + " misses " + count + " (e.g. "
                        + proposed.keySet().stream().filter(id -> !ids.contains(id)).findFirst().orElseThrow() + ")");
            }
        });
        violation("liveness: " + bound.toMillis() + " ms after GST " + String.join("; ", missing) + replicaStates);
    }

    /** What the replica's store says it decided must be what it delivered. */
    void checkStore(String replica, List<Decision> stored) {
        List<Decided> mine = delivered.get(replica);
        if (stored.size() != mine.size()) {
            violation(replica + " stored " + stored.size() + " decisions but delivered " + mine.size());
            return;
        }
        for (int i = 0; i < stored.size(); i++) {
            if (!Decided.of(stored.get(i).proposal()).sameAs(mine.get(i))) {
                violation(replica + " stored " + stored.get(i).proposal().id() + " as decision " + (i + 1)
                        + " but delivered " + mine.get(i));
                return;
            }
        }
    }

    /** Replicas in the same weight epoch must weigh alike. */
    void checkWeights(Map<String, ValidatorSet> sets) {
        Map<Long, ValidatorSet> byEpoch = new HashMap<>();
        sets.forEach((replica, set) -> {
            ValidatorSet first = byEpoch.putIfAbsent(set.epoch(), set);
            if (first != null && !first.validators().equals(set.validators())) {
                violation("weights: epoch " + set.epoch() + " is " + first.validators() + " on one replica and "
                        + set.validators() + " on " + replica);
            }
        });
    }

    int proposals() {
        return proposed.size();
    }

    /** Decisions of the honest replica that delivered most. */
    int decisions() {
        return delivered.values().stream().mapToInt(List::size).max().orElse(0);
    }

    /** A digest of every honest replica's delivered order, to compare two runs of one seed. */
    int fingerprint() {
        int h = 1;
        for (Map.Entry<String, List<Decided>> e : delivered.entrySet()) {
            h = 31 * h + e.getKey().hashCode();
            for (Decided d : e.getValue()) {
                h = 31 * h + d.id().hashCode();
            }
        }
        return h;
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    private void violation(String what) {
        if (violations.size() < 20) {
            violations.add(now.get() + " " + what);
        }
    }
}
