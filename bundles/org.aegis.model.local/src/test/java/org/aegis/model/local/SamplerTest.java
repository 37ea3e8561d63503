package org.aegis.model.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {
    private static final float[] LOGITS = {Float.NEGATIVE_INFINITY, 1f, 3f, 2f, 0f, 3f};

    @Test
    void temperatureZeroTakesTheMostLikelyLowestOnATie() {
        assertEquals(2, new Sampler(0, 0, new SplittableRandom(1)).sample(LOGITS));
    }

    @Test
    void drawsFollowTheSoftmaxOverTheTopK() {
        Sampler sampler = new Sampler(1.0, 3, new SplittableRandom(5));
        int[] counts = new int[LOGITS.length];
        int draws = 40_000;
        for (int i = 0; i < draws; i++) {
            counts[sampler.sample(LOGITS)]++;
        }
        assertEquals(0, counts[0] + counts[1] + counts[4], "outside the top 3");
        double z = 2 * Math.exp(3) + Math.exp(2);
        assertEquals(Math.exp(2) / z, (double) counts[3] / draws, 0.01);
        assertEquals(Math.exp(3) / z, (double) counts[5] / draws, 0.01);
    }

    @Test
    void highTemperatureFlattensTheDistribution() {
        Sampler sampler = new Sampler(2.0, 0, new SplittableRandom(6));
        int[] counts = new int[LOGITS.length];
        for (int i = 0; i < 20_000; i++) {
            counts[sampler.sample(LOGITS)]++;
        }
        assertEquals(0, counts[0], "negative infinity is never drawn");
        assertTrue(counts[4] > 600, "the least likely still shows: " + counts[4]);
    }

    @Test
    void refusesBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new Sampler(-0.1, 0, new SplittableRandom()));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(Double.NaN, 0, new SplittableRandom()));
        assertThrows(IllegalArgumentException.class, () -> new Sampler(1, -1, new SplittableRandom()));
    }
}
