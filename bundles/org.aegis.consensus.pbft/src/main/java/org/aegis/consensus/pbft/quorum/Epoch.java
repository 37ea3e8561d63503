package org.aegis.consensus.pbft.quorum;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aegis.api.consensus.Validator;
import org.aegis.api.consensus.ValidatorSet;

/**
 * The validators and weights that count votes for the sequence numbers after {@code startsAfter} (a checkpoint), until
 * the next epoch starts.
 */
public final class Epoch {
    private final long startsAfter;
    private final ValidatorSet set;
    private final Map<String, Integer> weights = new LinkedHashMap<>();

    public Epoch(long number, long startsAfter, List<Validator> validators) {
        if (validators.isEmpty()) {
            throw new IllegalArgumentException("an epoch needs at least one validator");
        }
        this.startsAfter = startsAfter;
        long total = 0;
        for (Validator v : validators) {
            if (v.weight() <= 0) {
                throw new IllegalArgumentException("validator " + v.peerId() + " has weight " + v.weight());
            }
            if (weights.put(v.peerId(), v.weight()) != null) {
                throw new IllegalArgumentException("validator " + v.peerId() + " is listed twice");
            }
            total += v.weight();
        }
        this.set = new ValidatorSet(number, List.copyOf(validators), total);
    }

    public long number() {
        return set.epoch();
    }

    public long startsAfter() {
        return startsAfter;
    }

    public ValidatorSet set() {
        return set;
    }

    public long totalWeight() {
        return set.totalWeight();
    }

    public boolean contains(String peerId) {
        return weights.containsKey(peerId);
    }

    /** The weight of a validator, 0 for anyone else. */
    public int weight(String peerId) {
        return weights.getOrDefault(peerId, 0);
    }

    /** The primary of a view: validators[view mod n]. */
    public String primary(long view) {
        return set.validators().get((int) Math.floorMod(view, (long) set.validators().size())).peerId();
    }

    /** The summed weight of the distinct validators among {@code peers}. */
    public long weightOf(Collection<String> peers) {
        Set<String> distinct = new HashSet<>(peers);
        long sum = 0;
        for (String peer : distinct) {
            sum += weight(peer);
        }
        return sum;
    }

    public boolean strong(Collection<String> peers) {
        return Quorums.strong(weightOf(peers), totalWeight());
    }

    public boolean weak(Collection<String> peers) {
        return Quorums.weak(weightOf(peers), totalWeight());
    }

    public List<Integer> weightList() {
        return set.validators().stream().map(Validator::weight).toList();
    }

    @Override
    public String toString() {
        return "epoch " + number() + " after " + startsAfter + " " + weights;
    }
}
