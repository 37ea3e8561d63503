package org.aegis.federated.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.ClientUpdate;
import org.aegis.api.federated.UpdateOutcome;
import org.aegis.api.federated.UpdateOutcome.Status;
import org.aegis.federated.aggregation.FedAvg;
import org.junit.jupiter.api.Test;

class UpdateValidatorTest {
    private final UpdateValidator validator = new UpdateValidator(2, 5.0);

    @Test
    void acceptsValidUpdatesInOrder() {
        List<ClientUpdate> updates = List.of(new ClientUpdate("a", 1, new float[] {3, 4}),
                new ClientUpdate("b", 1, new float[] {0, -1}));
        ValidatedUpdates result = validator.validate(updates);
        assertEquals(updates, result.accepted());
        assertEquals(List.of(), result.rejected());
    }

    @Test
    void rejectsTheWrongShape() {
        assertRejected(new ClientUpdate("short", 1, new float[] {1}), "update of short has 1 parameters, the model has 2");
    }

    @Test
    void rejectsNonFiniteValues() {
        assertRejected(new ClientUpdate("nan", 1, new float[] {0, Float.NaN}), "update of nan has a non-finite value NaN at parameter 1");
        assertRejected(new ClientUpdate("inf", 1, new float[] {Float.NEGATIVE_INFINITY, 0}), "update of inf has a non-finite value -Infinity at parameter 0");
    }

    @Test
    void rejectsANormOverTheBound() {
        // ‖(3, 4.01)‖ just over 5; (3, 4) is exactly 5 and passes above
        assertRejected(new ClientUpdate("big", 1, new float[] {3, 4.01f}), "update of big has L2 norm 5.00800, over the bound 5.00000");
    }

    @Test
    void rejectsASecondUpdateFromTheSameSender() {
        List<ClientUpdate> updates = List.of(new ClientUpdate("a", 1, new float[] {1, 1}),
                new ClientUpdate("a", 1, new float[] {2, 2}));
        ValidatedUpdates result = validator.validate(updates);
        assertEquals(List.of(updates.get(0)), result.accepted());
        assertEquals("a second update from a in the same round", result.rejected().get(0).reason());
    }

    @Test
    void rejectedUpdatesNeverReachTheStrategy() {
        List<List<ClientUpdate>> seen = new ArrayList<>();
        AggregationStrategy recording = new AggregationStrategy() {
            @Override
            public String name() {
                return "recording";
            }

            @Override
            public Aggregate aggregate(List<ClientUpdate> updates, AggregationContext context) {
                seen.add(updates);
                return new FedAvg().aggregate(updates, context);
            }
        };
        ClientUpdate good = new ClientUpdate("good", 1, new float[] {1, 2});
        ClientUpdate poisoned = new ClientUpdate("poisoned", 1, new float[] {Float.NaN, 2});
        ClientUpdate huge = new ClientUpdate("huge", 1, new float[] {1e6f, 0});
        Aggregate result = validator.validateAndAggregate(List.of(poisoned, good, huge), recording,
                AggregationContext.ofAssumedByzantine(0));
        assertEquals(List.of(List.of(good)), seen);
        assertArrayEquals(new float[] {1, 2}, result.delta());
        assertEquals(List.of("good", "poisoned", "huge"),
                result.outcomes().stream().map(UpdateOutcome::sender).toList());
        assertEquals(List.of(Status.ACCEPTED, Status.REJECTED, Status.REJECTED),
                result.outcomes().stream().map(UpdateOutcome::status).toList());
    }

    @Test
    void refusesARoundWithoutValidUpdates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> validator.validateAndAggregate(List.of(new ClientUpdate("x", 1, new float[3])), new FedAvg(),
                        AggregationContext.ofAssumedByzantine(0)));
        assertTrue(e.getMessage().contains("no valid update among 1"), e.getMessage());
    }

    @Test
    void refusesNonsenseBounds() {
        assertThrows(IllegalArgumentException.class, () -> new UpdateValidator(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new UpdateValidator(2, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new UpdateValidator(2, 0));
    }

    private void assertRejected(ClientUpdate update, String reason) {
        ValidatedUpdates result = validator.validate(List.of(update));
        assertEquals(List.of(), result.accepted());
        assertEquals(List.of(UpdateOutcome.rejected(update.sender(), reason)), result.rejected());
    }
}
