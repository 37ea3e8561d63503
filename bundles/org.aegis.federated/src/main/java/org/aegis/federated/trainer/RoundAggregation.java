package org.aegis.federated.trainer;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.ClientUpdate;
import org.aegis.api.federated.Hyperparameters;
import org.aegis.api.federated.MalformedUpdateException;
import org.aegis.api.federated.UpdateBody;
import org.aegis.api.federated.UpdateCodec;
import org.aegis.api.federated.UpdateOutcome;
import org.aegis.federated.validation.UpdateValidator;
import org.aegis.federated.validation.ValidatedUpdates;

/**
 * Turns a closed round's update bytes into the next parameters: decode and match each against its announcement,
 * validate, aggregate in the committed order, add to the base. Pure: the same inputs give the same result on
 * every node.
 */
final class RoundAggregation {
    /** An announced update with its bytes, or why they are missing here. */
    record Received(Announced announced, byte[] bytes, String missing) {
    }

    /**
     * The round's result.
     *
     * @param parameters the new parameters, or null if no update was usable
     * @param outcomes   one outcome per listed update
     */
    record Result(float[] parameters, List<UpdateOutcome> outcomes) {
    }

    private RoundAggregation() {
    }

    /**
     * How an update's values become a change of the model: as they are, or (adapters) expanded.
     *
     * @param length the number of values an update carries
     * @param delta  the model change they stand for, {@code base.length} values
     */
    record UpdateForm(int length, UnaryOperator<float[]> delta) {
        static UpdateForm whole(int parameters) {
            return new UpdateForm(parameters, UnaryOperator.identity());
        }
    }

    /**
     * @throws IllegalArgumentException if the strategy refuses the valid updates (e.g. too few for Krum)
     */
    static Result aggregate(String task, int round, String baseDigest, float[] base, UpdateForm form,
            List<Received> received, AggregationStrategy strategy, Hyperparameters h) {
        List<ClientUpdate> decoded = new ArrayList<>();
        List<UpdateOutcome> refused = new ArrayList<>();
        for (Received r : received) {
            Checked checked = r.missing() != null ? Checked.refused(r.missing())
                    : check(task, round, baseDigest, form, r);
            if (checked.update() != null) {
                decoded.add(checked.update());
            } else {
                refused.add(UpdateOutcome.rejected(r.announced().sender(), checked.problem()));
            }
        }
        UpdateValidator validator = new UpdateValidator(base.length, h.maxUpdateNorm());
        ValidatedUpdates validated = validator.validate(decoded);
        List<UpdateOutcome> outcomes = new ArrayList<>(validated.rejected());
        float[] parameters = null;
        if (!validated.accepted().isEmpty()) {
            // τ of centred clipping is fixed at 1: the run's hyperparameters do not carry a radius yet.
            AggregationContext context = new AggregationContext(h.assumedByzantine(), h.trimFraction(), 1.0, base,
                    null, new TreeMap<>());
            Aggregate aggregate = strategy.aggregate(validated.accepted(), context);
            float[] delta = aggregate.delta();
            parameters = new float[base.length];
            for (int i = 0; i < base.length; i++) {
                parameters[i] = base[i] + delta[i];
            }
            outcomes.addAll(0, aggregate.outcomes());
        }
        outcomes.addAll(refused);
        return new Result(parameters, outcomes);
    }

    /** An update that is what its announcement says, or why not (naming the sender). */
    private record Checked(ClientUpdate update, String problem) {
        static Checked refused(String problem) {
            return new Checked(null, problem);
        }
    }

    private static Checked check(String task, int round, String baseDigest, UpdateForm form, Received r) {
        Announced a = r.announced();
        if (!a.base().equals(baseDigest)) {
            return Checked.refused("update of " + a.sender() + " was trained from version " + a.base()
                    + ", the round's base is " + baseDigest);
        }
        UpdateBody body;
        try {
            body = UpdateCodec.decode(r.bytes(), r.bytes().length, form.length());
        } catch (MalformedUpdateException e) {
            return Checked.refused("update of " + a.sender() + " is malformed: " + e.getMessage());
        }
        if (!body.task().equals(task) || body.round() != round || !body.sender().equals(a.sender())
                || body.sampleCount() != a.sampleCount()) {
            return Checked.refused("update of " + a.sender() + " does not match its announcement: " + body);
        }
        return new Checked(new ClientUpdate(body.sender(), body.sampleCount(), form.delta().apply(body.parameters())),
                null);
    }
}
