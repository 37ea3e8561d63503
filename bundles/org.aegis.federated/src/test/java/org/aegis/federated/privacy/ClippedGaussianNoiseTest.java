package org.aegis.federated.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClippedGaussianNoiseTest {
    private static double norm(float[] v) {
        double squares = 0;
        for (float x : v) {
            squares += (double) x * x;
        }
        return Math.sqrt(squares);
    }

    @Test
    void aLargeUpdateIsScaledDownToTheClipNormAndASmallOneKept() {
        float[] large = {30, 40}; // norm 50
        new ClippedGaussianNoise(5, 1e-9).apply(large, new SplittableRandom(1));
        assertEquals(5, norm(large), 1e-4);
        assertEquals(0.6, large[0] / 5, 1e-4, "the direction stays");
        float[] small = {0.3f, 0.4f};
        new ClippedGaussianNoise(5, 1e-9).apply(small, new SplittableRandom(1));
        assertEquals(0.3, small[0], 1e-6);
        assertEquals(0.4, small[1], 1e-6);
    }

    @Test
    void theNoiseHasStandardDeviationSigmaTimesTheClipNorm() {
        float[] zero = new float[200_000];
        new ClippedGaussianNoise(2, 0.75).apply(zero, new SplittableRandom(7));
        double mean = 0;
        for (float x : zero) {
            mean += x;
        }
        mean /= zero.length;
        double variance = 0;
        for (float x : zero) {
            variance += (x - mean) * (x - mean);
        }
        double deviation = Math.sqrt(variance / (zero.length - 1));
        assertEquals(0, mean, 0.01);
        assertEquals(1.5, deviation, 0.015);
    }

    @Test
    void refusesSettingsWithoutPrivacy() {
        assertThrows(IllegalArgumentException.class, () -> new ClippedGaussianNoise(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ClippedGaussianNoise(1, 0));
    }
}
