package org.aegis.metrics.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VoteWeightsTest {
    @Test
    void weightsMatchTheReference() {
        JsonNode cases = Vectors.load("vote_weights.json").get("cases");
        assertTrue(cases.size() > 80);
        int capped = 0;
        for (JsonNode c : cases) {
            List<Double> levels = Vectors.doubles(c.get("levels"));
            List<Integer> expected = Vectors.ints(c.get("weights"));
            assertEquals(expected, VoteWeights.of(levels), "levels " + levels);
            if (!expected.equals(base(levels))) {
                capped++;
            }
        }
        assertTrue(capped >= 3, "the vectors exercise the cap " + capped + " times");
    }

    @Test
    void oneFullyConsciousValidatorAmongFourIsCapped() {
        // base 300, 100, 100, 100: f = 1 and 3·300 ≥ 600, so the weights blend toward the mean 150
        List<Integer> weights = VoteWeights.of(List.of(1.0, 0.0, 0.0, 0.0));
        assertTrue(3 * weights.get(0) < weights.stream().mapToInt(Integer::intValue).sum(), weights.toString());
        assertEquals(List.of(300, 100, 100, 100), base(List.of(1.0, 0.0, 0.0, 0.0)));
    }

    @Test
    void theHeaviestFAlwaysHoldLessThanAThirdAndUncappedWeightsAreTheBaseOnes() {
        Random random = new Random(20261124);
        int uncapped = 0;
        for (int trial = 0; trial < 5000; trial++) {
            int n = 1 + random.nextInt(40);
            List<Double> levels = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double kind = random.nextDouble();
                levels.add(kind < 0.3 ? 1.0 : kind < 0.5 ? 0.0 : kind < 0.55 ? 3 * random.nextDouble() - 1
                        : random.nextDouble());
            }
            List<Integer> weights = VoteWeights.of(levels);
            assertEquals(n, weights.size());
            int f = (n - 1) / 3;
            int[] sorted = weights.stream().mapToInt(Integer::intValue).sorted().toArray();
            long total = Arrays.stream(sorted).asLongStream().sum();
            long heaviest = Arrays.stream(sorted, n - f, n).asLongStream().sum();
            assertTrue(3 * heaviest < total, "levels " + levels + " gave " + weights);
            for (int w : weights) {
                assertTrue(w >= 100 && w <= 300, "weight " + w + " out of [100, 300]");
            }
            List<Integer> base = base(levels);
            long[] baseArray = base.stream().mapToLong(Integer::longValue).toArray();
            if (VoteWeights.withinCap(baseArray)) {
                assertEquals(base, weights, "no cap needed, levels " + levels);
                uncapped++;
            }
        }
        assertTrue(uncapped > 500 && uncapped < 4500, "both branches exercised, uncapped " + uncapped);
    }

    @Test
    void edgeCases() {
        assertEquals(List.of(), VoteWeights.of(List.of()));
        assertEquals(List.of(300), VoteWeights.of(List.of(1.0)));
        assertEquals(List.of(100, 300, 200), VoteWeights.of(List.of(Double.NEGATIVE_INFINITY, 7.0, 0.5)));
        assertEquals("consciousness level 1 is NaN",
                assertThrows(IllegalArgumentException.class, () -> VoteWeights.of(List.of(0.5, Double.NaN)))
                        .getMessage());
        assertEquals("consciousness level 0 is null",
                assertThrows(IllegalArgumentException.class, () -> VoteWeights.of(Arrays.asList((Double) null)))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> VoteWeights.of(null));
    }

    /** w = 100 + round-half-up(200·clamp(C, 0, 1)), written out independently of VoteWeights. */
    private static List<Integer> base(List<Double> levels) {
        List<Integer> out = new ArrayList<>();
        for (double c : levels) {
            double clamped = c < 0 ? 0 : c > 1 ? 1 : c;
            out.add(100 + (int) Math.floor(200 * clamped + 0.5));
        }
        return out;
    }
}
