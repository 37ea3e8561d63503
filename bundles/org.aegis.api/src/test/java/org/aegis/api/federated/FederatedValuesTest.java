package org.aegis.api.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FederatedValuesTest {

    @Test
    void clientUpdateCopiesItsDeltaAndValidates() {
        float[] delta = {1f, 2f};
        ClientUpdate update = new ClientUpdate("peer", 3, delta);
        delta[0] = 7f;
        update.delta()[1] = 7f;
        assertArrayEquals(new float[] {1f, 2f}, update.delta());
        assertEquals(update, new ClientUpdate("peer", 3, new float[] {1f, 2f}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClientUpdate("peer", 0, new float[1]));
        assertTrue(e.getMessage().contains("peer"));
        assertThrows(IllegalArgumentException.class, () -> new ClientUpdate(" ", 1, new float[1]));
    }

    @Test
    void outcomesMustBeConsistent() {
        assertThrows(IllegalArgumentException.class,
                () -> new UpdateOutcome("p", UpdateOutcome.Status.OUTVOTED, 0.5, "far"));
        assertThrows(IllegalArgumentException.class, () -> UpdateOutcome.rejected("p", ""));
        assertThrows(IllegalArgumentException.class, () -> UpdateOutcome.accepted("p", 1.5));
        Aggregate aggregate = new Aggregate(new float[] {1f},
                List.of(UpdateOutcome.accepted("a", 1), UpdateOutcome.outvoted("b", "b is far")));
        assertEquals(List.of(UpdateOutcome.outvoted("b", "b is far")), aggregate.excluded());
    }

    @Test
    void contextValidatesItsParametersAndSortsOptions() {
        assertThrows(IllegalArgumentException.class, () -> AggregationContext.ofAssumedByzantine(-1));
        assertThrows(IllegalArgumentException.class,
                () -> AggregationContext.ofAssumedByzantine(1).withTrimFraction(0.5));
        assertThrows(IllegalArgumentException.class,
                () -> AggregationContext.ofAssumedByzantine(1).withClipping(Double.NaN, null));
        TreeMap<String, String> options = new TreeMap<>();
        options.put("b", "2");
        AggregationContext context = AggregationContext.ofAssumedByzantine(1).withOption("a", "x")
                .withOption("k", "3");
        assertEquals(List.of("a", "k"), List.copyOf(context.options().keySet()));
        assertEquals(3, context.intOption("k", 1));
        assertEquals(1, context.intOption("missing", 1));
        assertThrows(IllegalArgumentException.class, () -> context.intOption("a", 1));
    }

    @Test
    void datasetChecksItsShape() {
        Dataset data = new Dataset(new float[] {1, 2, 3, 4}, new int[] {0, 1}, 2, 2);
        assertEquals(3f, data.feature(1, 0));
        assertEquals(new Dataset(new float[] {3, 4}, new int[] {1}, 2, 2), data.rows(new int[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new float[3], new int[2], 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new Dataset(new float[2], new int[] {2}, 2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(new float[] {0, Float.NaN}, new int[] {0}, 2, 2));
        assertTrue(e.getMessage().contains("feature 1 of row 0"));
    }

    @Test
    void trainingOptionsNeedGlobalParametersForTheProximalTerm() {
        assertThrows(IllegalArgumentException.class, () -> new TrainingOptions(1, 1, 0.1, 0.5, null));
        assertThrows(IllegalArgumentException.class, () -> TrainingOptions.sgd(0, 1, 0.1));
        assertEquals(0.0, TrainingOptions.sgd(1, 1, 0.1).proximalMu());
    }
}
