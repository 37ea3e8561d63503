package org.aegis.federated.validation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.ClientUpdate;
import org.aegis.api.federated.UpdateOutcome;

/**
 * Checks updates against the model and the round's bounds: the model's parameter count, only finite values, an
 * L2 norm no larger than the bound, one update per sender. Robust strategies bound the influence of a bad update;
 * the validator removes the ones no strategy should see at all (a NaN poisons every mean, a wrong length cannot
 * be aggregated). Immutable and thread-safe.
 */
public final class UpdateValidator {
    private final int parameterCount;
    private final double maxNorm;

    /**
     * @param parameterCount the model's number of parameters
     * @param maxNorm        the largest L2 norm of a delta, positive; {@link Double#POSITIVE_INFINITY} for none
     */
    public UpdateValidator(int parameterCount, double maxNorm) {
        if (parameterCount <= 0) {
            throw new IllegalArgumentException("parameter count must be positive, was " + parameterCount);
        }
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("norm bound must be positive, was " + maxNorm);
        }
        this.parameterCount = parameterCount;
        this.maxNorm = maxNorm;
    }

    /** Splits the updates into valid and rejected, keeping their order. */
    public ValidatedUpdates validate(List<ClientUpdate> updates) {
        List<ClientUpdate> accepted = new ArrayList<>();
        List<UpdateOutcome> rejected = new ArrayList<>();
        Set<String> senders = new HashSet<>(); // membership only, never iterated
        for (ClientUpdate update : updates) {
            String problem = problem(update);
            if (problem == null && !senders.add(update.sender())) {
                problem = "a second update from " + update.sender() + " in the same round";
            }
            if (problem == null) {
                accepted.add(update);
            } else {
                rejected.add(UpdateOutcome.rejected(update.sender(), problem));
            }
        }
        return new ValidatedUpdates(accepted, rejected);
    }

    /**
     * Validates, then aggregates only the valid updates: the outcomes of the result cover every update, the
     * rejected ones after the strategy's own.
     *
     * @throws IllegalArgumentException if no update is valid, or the strategy refuses the valid ones
     */
    public Aggregate validateAndAggregate(List<ClientUpdate> updates, AggregationStrategy strategy,
            AggregationContext context) {
        ValidatedUpdates validated = validate(updates);
        if (validated.accepted().isEmpty()) {
            throw new IllegalArgumentException("no valid update among " + updates.size() + ": "
                    + validated.rejected());
        }
        Aggregate aggregate = strategy.aggregate(validated.accepted(), context);
        List<UpdateOutcome> outcomes = new ArrayList<>(aggregate.outcomes());
        outcomes.addAll(validated.rejected());
        return new Aggregate(aggregate.delta(), outcomes);
    }

    /** Why the update is invalid, naming its sender, or null if it is valid. */
    private String problem(ClientUpdate update) {
        if (update.dimension() != parameterCount) {
            return "update of " + update.sender() + " has " + update.dimension() + " parameters, the model has "
                    + parameterCount;
        }
        double squares = 0;
        for (int j = 0; j < parameterCount; j++) {
            float value = update.delta(j);
            if (!Float.isFinite(value)) {
                return "update of " + update.sender() + " has a non-finite value " + value + " at parameter " + j;
            }
            squares += (double) value * value;
        }
        double norm = Math.sqrt(squares);
        if (norm > maxNorm) {
            return String.format(Locale.ROOT, "update of %s has L2 norm %.6g, over the bound %.6g",
                    update.sender(), norm, maxNorm);
        }
        return null;
    }
}
