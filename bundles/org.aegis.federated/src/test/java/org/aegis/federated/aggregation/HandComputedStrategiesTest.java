package org.aegis.federated.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.ClientUpdate;
import org.aegis.api.federated.UpdateOutcome;
import org.aegis.api.federated.UpdateOutcome.Status;
import org.junit.jupiter.api.Test;

/** Each strategy against small inputs whose results were computed by hand (see the comments). */
class HandComputedStrategiesTest {
    private static final float EPS = 1e-6f;
    private static final AggregationContext F1 = AggregationContext.ofAssumedByzantine(1);

    @Test
    void fedAvgWeighsBySampleCount() {
        List<ClientUpdate> updates = List.of(new ClientUpdate("a", 1, new float[] {1, 2}),
                new ClientUpdate("b", 3, new float[] {5, -2}));
        Aggregate result = new FedAvg().aggregate(updates, F1);
        // (1·1 + 3·5) / 4 = 4, (1·2 + 3·−2) / 4 = −1
        assertArrayEquals(new float[] {4, -1}, result.delta(), EPS);
        assertEquals(List.of(UpdateOutcome.accepted("a", 0.25), UpdateOutcome.accepted("b", 0.75)),
                result.outcomes());
    }

    @Test
    void medianPerCoordinateAndMeanOfTheMiddleTwo() {
        List<ClientUpdate> odd = Updates.of(new float[] {1, 10}, new float[] {2, 20}, new float[] {100, -5});
        assertArrayEquals(new float[] {2, 10}, new CoordinateMedian().aggregate(odd, F1).delta(), EPS);
        assertArrayEquals(new float[] {2.5f},
                new CoordinateMedian().aggregate(Updates.scalars(10, 1, 3, 2), F1).delta(), EPS);
    }

    @Test
    void trimmedMeanDropsTheExtremesOfEachCoordinate() {
        List<ClientUpdate> updates = Updates.of(new float[] {1, -50}, new float[] {100, 0}, new float[] {3, 1},
                new float[] {2, 2}, new float[] {4, 3});
        // β = 0.2 of 5: one value off each side; mean(2, 3, 4) = 3 and mean(0, 1, 2) = 1
        Aggregate result = new TrimmedMean().aggregate(updates, F1.withTrimFraction(0.2));
        assertArrayEquals(new float[] {3, 1}, result.delta(), EPS);
        // β = 0 is the plain mean
        assertArrayEquals(new float[] {22, -8.8f},
                new TrimmedMean().aggregate(updates, F1.withTrimFraction(0)).delta(), 1e-5f);
    }

    @Test
    void krumPicksTheUpdateWithTheNearestNeighbours() {
        // n = 5, f = 1: scores sum the n − f − 2 = 2 smallest squared distances:
        // 0 → 1 + 4 = 5, 1 → 1 + 1 = 2, 2 → 1 + 1 = 2, 3 → 1 + 4 = 5, 100 → 97² + 98² = 19013
        List<ClientUpdate> updates = Updates.scalars(0, 1, 2, 3, 100);
        Aggregate krum = Krum.single().aggregate(updates, F1);
        assertArrayEquals(new float[] {1}, krum.delta(), EPS); // tie 1 vs 2: the earlier update
        assertEquals(Status.ACCEPTED, krum.outcomes().get(1).status());
        assertEquals(4, krum.excluded().size());
        UpdateOutcome byzantine = krum.outcomes().get(4);
        assertEquals(Status.OUTVOTED, byzantine.status());
        assertTrue(byzantine.reason().contains("c4") && byzantine.reason().contains("rank 5 of 5"),
                byzantine.reason());
    }

    @Test
    void multiKrumAveragesTheBestScored() {
        List<ClientUpdate> updates = Updates.scalars(0, 1, 2, 3, 100);
        // m = n − f = 4: updates 0, 1, 2, 3 → mean 1.5; 100 is outvoted
        Aggregate multi = Krum.multi().aggregate(updates, F1);
        assertArrayEquals(new float[] {1.5f}, multi.delta(), EPS);
        assertEquals(List.of("c4"), multi.excluded().stream().map(UpdateOutcome::sender).toList());
        assertEquals(0.25, multi.outcomes().get(0).weight());
        // m = 2 from the option: the two scored 2 → mean(1, 2)
        Aggregate two = Krum.multi().aggregate(updates, F1.withOption(Krum.SELECTION_OPTION, "2"));
        assertArrayEquals(new float[] {1.5f}, two.delta(), EPS);
        assertEquals(3, two.excluded().size());
    }

    @Test
    void krumRefusesTooFewUpdates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Krum.single().aggregate(Updates.scalars(0, 1, 2, 3), AggregationContext.ofAssumedByzantine(1)));
        assertTrue(e.getMessage().contains("at least 5 updates, got 4"), e.getMessage());
    }

    @Test
    void bulyanSelectsWithKrumThenTrimsAroundTheMedian() {
        // n = 7, f = 1: θ = 5 selected by Krum scores (4 nearest): 0 → 30, 1 → 15, 2 → 10, 3 → 15, 4 → 30,
        // ±100 → over 30000. Selected 0..4; per coordinate drop f = 1 each side: mean(1, 2, 3) = 2; second
        // coordinate is 7 everywhere.
        List<ClientUpdate> updates = Updates.of(new float[] {0, 7}, new float[] {1, 7}, new float[] {2, 7},
                new float[] {100, 7}, new float[] {3, 7}, new float[] {4, 7}, new float[] {-100, 7});
        Aggregate result = new Bulyan().aggregate(updates, F1);
        assertArrayEquals(new float[] {2, 7}, result.delta(), EPS);
        assertEquals(List.of("c3", "c6"), result.excluded().stream().map(UpdateOutcome::sender).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Bulyan().aggregate(updates.subList(0, 6), F1));
        assertTrue(e.getMessage().contains("at least 7 updates, got 6"), e.getMessage());
    }

    @Test
    void centeredClippingMovesAtMostTheRadiusPerUpdate() {
        List<ClientUpdate> updates = Updates.scalars(0.5f, 1.5f, 10);
        AggregationContext oneIteration = F1.withClipping(1.0, null)
                .withOption(CenteredClipping.ITERATIONS_OPTION, "1");
        // from 0: clip(0.5) = 0.5, clip(1.5) = 1, clip(10) = 1 → v = 2.5 / 3
        assertArrayEquals(new float[] {2.5f / 3}, new CenteredClipping().aggregate(updates, oneIteration).delta(),
                EPS);
        // second iteration from 5/6: −1/3, 2/3, clip(55/6) = 1 → v = 5/6 + (4/3)/3 = 23/18
        AggregationContext twoIterations = oneIteration.withOption(CenteredClipping.ITERATIONS_OPTION, "2");
        assertArrayEquals(new float[] {23f / 18}, new CenteredClipping().aggregate(updates, twoIterations).delta(),
                EPS);
        // from the momentum 1: −0.5, 0.5, clip(9) = 1 → v = 1 + 1/3
        AggregationContext fromMomentum = oneIteration.withClipping(1.0, new float[] {1});
        assertArrayEquals(new float[] {4f / 3}, new CenteredClipping().aggregate(updates, fromMomentum).delta(),
                EPS);
    }

    @Test
    void everyStrategyRefusesUpdatesOfDifferentLengths() {
        List<ClientUpdate> ragged = Updates.of(new float[] {1, 2}, new float[] {1});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CoordinateMedian().aggregate(ragged, F1));
        assertTrue(e.getMessage().contains("c1 has 1 parameters"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FedAvg().aggregate(List.of(), F1));
    }
}
