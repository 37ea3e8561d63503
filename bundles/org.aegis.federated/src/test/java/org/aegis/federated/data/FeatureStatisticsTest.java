package org.aegis.federated.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.aegis.api.federated.Dataset;
import org.junit.jupiter.api.Test;

class FeatureStatisticsTest {

    private static Dataset gaussian(int rows, long seed, double offset) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * 2];
        for (int i = 0; i < x.length; i += 2) {
            x[i] = (float) (offset + random.nextDouble());
            x[i + 1] = (float) (1000 * random.nextDouble() - 300);
        }
        return new Dataset(x, new int[rows], 2, 2);
    }

    private static Dataset concat(Dataset... parts) {
        int rows = 0;
        for (Dataset d : parts) {
            rows += d.size();
        }
        float[] x = new float[rows * 2];
        int at = 0;
        for (Dataset d : parts) {
            for (int r = 0; r < d.size(); r++) {
                d.copyRow(r, x, at);
                at += 2;
            }
        }
        return new Dataset(x, new int[rows], 2, 2);
    }

    @Test
    void mergedStatisticsEqualThoseOfTheConcatenatedDataExactly() {
        // small integers: every sum is exact, so equality is exact whatever the order
        Dataset a = new Dataset(new float[] {1, 10, 2, 20}, new int[2], 2, 2);
        Dataset b = new Dataset(new float[] {3, -30}, new int[1], 2, 2);
        FeatureStatistics merged = FeatureStatistics.of(a).merge(FeatureStatistics.of(b));
        assertEquals(FeatureStatistics.of(concat(a, b)), merged);
        assertEquals(new FeatureStatistics(3, new double[] {6, 0}, new double[] {14, 1400}), merged);
        assertEquals(2.0, merged.mean(0));
        assertEquals(2.0 / 3, merged.variance(0), 1e-15);
    }

    @Test
    void mergedStatisticsMatchTheConcatenatedDataOfManyNodes() {
        Dataset[] nodes = {gaussian(100, 1, 0), gaussian(37, 2, 5), gaussian(250, 3, -2), gaussian(1, 4, 9)};
        FeatureStatistics merged = FeatureStatistics.of(nodes[0]);
        for (int i = 1; i < nodes.length; i++) {
            merged = merged.merge(FeatureStatistics.of(nodes[i]));
        }
        FeatureStatistics central = FeatureStatistics.of(concat(nodes));
        assertEquals(central.count(), merged.count());
        for (int j = 0; j < 2; j++) {
            assertEquals(central.sum()[j], merged.sum()[j], 1e-9 * Math.abs(central.sumOfSquares()[j]));
            assertEquals(central.sumOfSquares()[j], merged.sumOfSquares()[j], 1e-12 * central.sumOfSquares()[j]);
            assertEquals(central.variance(j), merged.variance(j), 1e-9 * central.variance(j));
        }
        // merging is the same in either order, up to rounding
        FeatureStatistics reversed = FeatureStatistics.of(nodes[3]).merge(FeatureStatistics.of(nodes[2]))
                .merge(FeatureStatistics.of(nodes[1])).merge(FeatureStatistics.of(nodes[0]));
        assertEquals(merged.mean(1), reversed.mean(1), 1e-9);
    }

    @Test
    void normaliserFromMergedStatisticsStandardisesTheUnion() {
        Dataset a = gaussian(300, 5, 0);
        Dataset b = gaussian(200, 6, 3);
        FeatureNormalizer normalizer = FeatureNormalizer
                .from(FeatureStatistics.of(a).merge(FeatureStatistics.of(b)));
        FeatureStatistics after = FeatureStatistics.of(concat(normalizer.apply(a), normalizer.apply(b)));
        for (int j = 0; j < 2; j++) {
            assertEquals(0, after.mean(j), 1e-5);
            assertEquals(1, after.variance(j), 1e-4);
        }
    }

    @Test
    void constantFeatureIsOnlyCentred() {
        Dataset constant = new Dataset(new float[] {4, 1, 4, 3}, new int[2], 2, 2);
        FeatureNormalizer normalizer = FeatureNormalizer.from(FeatureStatistics.of(constant));
        assertArrayEquals(new double[] {1, 1}, normalizer.scale());
        assertArrayEquals(new float[] {0, -1, 0, 1}, normalizer.apply(constant).features());
    }

    @Test
    void refusesMismatchedStatistics() {
        FeatureStatistics two = FeatureStatistics.of(new Dataset(new float[2], new int[1], 2, 2));
        FeatureStatistics three = FeatureStatistics.of(new Dataset(new float[3], new int[1], 3, 2));
        assertThrows(IllegalArgumentException.class, () -> two.merge(three));
        assertThrows(IllegalArgumentException.class,
                () -> new FeatureStatistics(1, new double[] {Double.NaN}, new double[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> FeatureNormalizer.from(new FeatureStatistics(0, new double[1], new double[1])));
    }

    @Test
    void aSingleParticipantsNormalizerIsItsOwnMeanAndDeviation() {
        FeatureStatistics one = FeatureStatistics.of(gaussian(500, 1, 0));
        assertEquals(FeatureNormalizer.from(one), FeatureNormalizer.fromParticipants(List.of(one)));
    }

    @Test
    void participantsAgreeOnANormalizerCloseToThePooledOne() {
        List<FeatureStatistics> honest = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            honest.add(FeatureStatistics.of(gaussian(500, i, 0.5 * i)));
        }
        FeatureStatistics pooled = honest.stream().reduce(FeatureStatistics::merge).orElseThrow();
        FeatureNormalizer expected = FeatureNormalizer.from(pooled);
        FeatureNormalizer agreed = FeatureNormalizer.fromParticipants(honest);
        for (int j = 0; j < 2; j++) {
            assertEquals(expected.mean()[j], agreed.mean()[j], 0.1 * expected.scale()[j], "centre of feature " + j);
            // a median absolute deviation over four nodes overstates a uniform spread of means a little
            assertEquals(expected.scale()[j], agreed.scale()[j], 0.3 * expected.scale()[j], "scale of feature " + j);
        }
    }

    @Test
    void aParticipantLyingAboutItsDataDoesNotDecideTheNormalizer() {
        List<FeatureStatistics> honest = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            honest.add(FeatureStatistics.of(gaussian(500, i, 0)));
        }
        // claims a million rows around 10^6: with counts-weighted merging it alone would set centre and scale
        FeatureStatistics liar = new FeatureStatistics(1_000_000, new double[] {1e12, 1e12},
                new double[] {1e18 + 1e15, 1e18 + 1e15});
        List<FeatureStatistics> all = new ArrayList<>(honest);
        all.add(liar);
        FeatureNormalizer expected = FeatureNormalizer.fromParticipants(honest);
        FeatureNormalizer agreed = FeatureNormalizer.fromParticipants(all);
        FeatureNormalizer merged = FeatureNormalizer.from(all.stream().reduce(FeatureStatistics::merge).orElseThrow());
        for (int j = 0; j < 2; j++) {
            assertEquals(expected.mean()[j], agreed.mean()[j], 0.1 * expected.scale()[j], "centre of feature " + j);
            assertEquals(expected.scale()[j], agreed.scale()[j], 0.3 * expected.scale()[j], "scale of feature " + j);
            assertTrue(Math.abs(merged.mean()[j] - expected.mean()[j]) > 1000 * expected.scale()[j],
                    "merging by counts would have let it decide");
        }
    }
}
