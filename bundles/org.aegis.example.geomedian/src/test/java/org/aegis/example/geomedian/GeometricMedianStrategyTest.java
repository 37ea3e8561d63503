package org.aegis.example.geomedian;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.ClientUpdate;
import org.aegis.api.federated.UpdateOutcome;
import org.aegis.testing.Configs;
import org.junit.jupiter.api.Test;

/** The example strategy: known medians, robustness, bit-identical results, and what it refuses. */
class GeometricMedianStrategyTest {
    private static final AggregationContext NO_BYZANTINE = AggregationContext.ofAssumedByzantine(0);

    private final GeometricMedianStrategy strategy = strategy(Map.of());

    private static GeometricMedianStrategy strategy(Map<String, Object> properties) {
        return new GeometricMedianStrategy(Configs.of(GeometricMedianStrategy.Config.class, properties));
    }

    private static ClientUpdate update(String sender, float... delta) {
        return new ClientUpdate(sender, 10, delta);
    }

    private static double distance(float[] a, float[] b) {
        double squares = 0;
        for (int j = 0; j < a.length; j++) {
            squares += ((double) a[j] - b[j]) * ((double) a[j] - b[j]);
        }
        return Math.sqrt(squares);
    }

    @Test
    void isNamedAsItsServicePropertySaysSoThatRunsFindIt() {
        // the component's aegis.strategy property is built from the same constant
        assertEquals("geometric-median", GeometricMedianStrategy.NAME);
        assertEquals(GeometricMedianStrategy.NAME, strategy.name());
    }

    @Test
    void theMedianOfCollinearPointsIsTheMiddleOne() {
        Aggregate aggregate = strategy.aggregate(List.of(update("a", 0, 0), update("b", 1, 2), update("c", 5, 10)),
                NO_BYZANTINE);

        assertArrayEquals(new float[] {1, 2}, aggregate.delta(), 1e-5f);
        // the middle update carries nearly all of the last step's weight
        assertTrue(aggregate.outcomes().get(1).weight() > 0.99, aggregate.outcomes().toString());
    }

    @Test
    void theMedianOfATriangleIsItsFermatPoint() {
        // Equilateral: the point with 120° to every pair of corners is the centroid.
        float height = (float) Math.sqrt(3);
        Aggregate aggregate = strategy.aggregate(List.of(update("a", 0, 0), update("b", 2, 0),
                update("c", 1, height)), NO_BYZANTINE);

        assertArrayEquals(new float[] {1, height / 3}, aggregate.delta(), 1e-4f);
        for (UpdateOutcome outcome : aggregate.outcomes()) {
            assertEquals(1.0 / 3, outcome.weight(), 1e-4);
        }
    }

    @Test
    void aSingleUpdateIsItsOwnMedian() {
        Aggregate aggregate = strategy.aggregate(List.of(update("a", 0.25f, -3, 7)), NO_BYZANTINE);

        assertArrayEquals(new float[] {0.25f, -3, 7}, aggregate.delta());
        assertEquals(List.of(UpdateOutcome.accepted("a", 1.0)), aggregate.outcomes());
    }

    @Test
    void oneFarAwayUpdateBarelyMovesTheMedianUnlikeTheMean() {
        List<ClientUpdate> honest = List.of(update("a", 1.0f, 0.9f), update("b", 1.1f, 1.0f),
                update("c", 0.9f, 1.1f), update("d", 1.0f, 1.0f));
        List<ClientUpdate> attacked = new ArrayList<>(honest);
        attacked.add(update("mallory", 1e6f, -1e6f));

        float[] clean = strategy.aggregate(honest, NO_BYZANTINE).delta();
        Aggregate aggregate = strategy.aggregate(attacked, NO_BYZANTINE);

        assertTrue(distance(clean, aggregate.delta()) < 0.1, () -> "moved to " + aggregate);
        double meanShift = 1e6 * Math.sqrt(2) / attacked.size();
        assertTrue(meanShift > 1e5, "the mean would have moved by " + meanShift);
        UpdateOutcome mallory = aggregate.outcomes().get(4);
        assertEquals(UpdateOutcome.Status.ACCEPTED, mallory.status());
        assertTrue(mallory.weight() < 1e-5, mallory.toString());
    }

    @Test
    void theSameUpdatesInAnotherOrderGiveBitIdenticalResults() {
        Random random = new Random(42);
        List<ClientUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            float[] delta = new float[50];
            for (int j = 0; j < delta.length; j++) {
                delta[j] = (float) random.nextGaussian();
            }
            updates.add(new ClientUpdate("peer-" + i, 1 + i, delta));
        }
        GeometricMedianStrategy weighted = strategy(Map.of("weighBySampleCount", true));
        Aggregate inOrder = weighted.aggregate(updates, NO_BYZANTINE);

        List<ClientUpdate> shuffled = new ArrayList<>(updates);
        Collections.shuffle(shuffled, random);
        Aggregate reordered = weighted.aggregate(shuffled, NO_BYZANTINE);

        assertArrayEquals(inOrder.delta(), reordered.delta()); // exact: float bits, no tolerance
        for (int i = 0; i < shuffled.size(); i++) {
            UpdateOutcome outcome = reordered.outcomes().get(i);
            assertEquals(shuffled.get(i).sender(), outcome.sender(), "outcomes follow the order given");
            assertEquals(inOrder.outcomes().get(updates.indexOf(shuffled.get(i))), outcome);
        }
        assertEquals(inOrder, weighted.aggregate(updates, NO_BYZANTINE), "and again on the same input");
    }

    @Test
    void sampleCountsWeighOnlyWhenConfigured() {
        List<ClientUpdate> updates = List.of(new ClientUpdate("a", 1, new float[] {0}),
                new ClientUpdate("b", 1, new float[] {1}), new ClientUpdate("c", 5, new float[] {5}));

        assertEquals(1f, strategy.aggregate(updates, NO_BYZANTINE).delta()[0], 1e-5f);
        // 5 of 7 samples: more than half the weight, so the weighted median is that update
        assertEquals(5f, strategy(Map.of("weighBySampleCount", true)).aggregate(updates, NO_BYZANTINE).delta()[0],
                1e-5f);
    }

    @Test
    void refusesMalformedUpdatesNamingTheSender() {
        var empty = assertThrows(IllegalArgumentException.class, () -> strategy.aggregate(List.of(), NO_BYZANTINE));
        assertTrue(empty.getMessage().contains("at least one update"), empty.getMessage());

        var lengths = assertThrows(IllegalArgumentException.class,
                () -> strategy.aggregate(List.of(update("a", 1, 2), update("b", 1, 2, 3)), NO_BYZANTINE));
        assertTrue(lengths.getMessage().contains("update of b has 3 parameters"), lengths.getMessage());

        var nan = assertThrows(IllegalArgumentException.class,
                () -> strategy.aggregate(List.of(update("a", 1, 2), update("b", 1, Float.NaN)), NO_BYZANTINE));
        assertTrue(nan.getMessage().contains("update of b has a non-finite value NaN at parameter 1"),
                nan.getMessage());

        assertThrows(IllegalArgumentException.class, () -> strategy.aggregate(
                List.of(update("a", Float.POSITIVE_INFINITY)), NO_BYZANTINE));
    }

    @Test
    void refusesARoundWhereHalfMayBeByzantine() {
        var refused = assertThrows(IllegalArgumentException.class, () -> strategy.aggregate(
                List.of(update("a", 1), update("b", 2)), AggregationContext.ofAssumedByzantine(1)));
        assertTrue(refused.getMessage().contains("2 updates with f = 1, at least 3 needed"), refused.getMessage());

        strategy.aggregate(List.of(update("a", 1), update("b", 2), update("c", 3)),
                AggregationContext.ofAssumedByzantine(1));
    }

    @Test
    void refusesAConfigurationOutOfRange() {
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("maxIterations", 0),
                Map.of("maxIterations", 10_001), Map.of("tolerance", -1e-3), Map.of("tolerance", Double.NaN),
                Map.of("tolerance", 1.0))) {
            var refused = assertThrows(IllegalArgumentException.class, () -> strategy(bad), bad.toString());
            assertTrue(refused.getMessage().startsWith(GeometricMedianStrategy.PID + ": "), refused.getMessage());
        }
    }

    @Test
    void stopsAtTheIterationLimit() {
        // One iteration from the mean: not yet the median, but a finite, deterministic answer.
        GeometricMedianStrategy once = strategy(Map.of("maxIterations", 1, "tolerance", 0.0));
        List<ClientUpdate> updates = List.of(update("a", 0), update("b", 1), update("c", 50));

        float moved = once.aggregate(updates, NO_BYZANTINE).delta()[0];
        assertTrue(moved > 1 && moved < 17, "one step from the mean 17 towards the median 1: " + moved);
        assertEquals(moved, once.aggregate(updates, NO_BYZANTINE).delta()[0]);
    }
}
