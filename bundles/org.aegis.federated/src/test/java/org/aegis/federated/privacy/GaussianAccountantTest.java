package org.aegis.federated.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aegis.api.learning.PrivacyBudget;
import org.junit.jupiter.api.Test;

class GaussianAccountantTest {
    private static final double DELTA = 1e-5;

    /** The Balle et al. 2020 conversion minimised over all orders > 1 (a fine continuous search, in the test). */
    private static double exact(double inverseNoiseSquares, double delta) {
        double best = Double.POSITIVE_INFINITY;
        for (double alpha = 1.001; alpha < 2000; alpha *= 1.0005) {
            best = Math.min(best, alpha * inverseNoiseSquares / 2 + Math.log1p(-1 / alpha)
                    - (Math.log(delta) + Math.log(alpha)) / (alpha - 1));
        }
        return best;
    }

    @Test
    void oneGaussianMechanismWithSigmaOne() {
        // the conversion at its best order; the analytic Gaussian mechanism (Balle and Wang 2018) gives about 4.4
        double epsilon = GaussianAccountant.epsilon(1, DELTA);
        assertEquals(4.7284, epsilon, 1e-3);
        assertEquals(exact(1, DELTA), epsilon, 1e-3);
    }

    @Test
    void theOrderGridIsCloseToTheBestOrderOverManySettings() {
        for (double sigma : new double[] {0.8, 1.1, 2, 4, 10}) {
            for (int rounds : new int[] {1, 10, 100, 1000}) {
                double w = rounds / (sigma * sigma);
                double grid = GaussianAccountant.epsilon(w, DELTA);
                double best = exact(w, DELTA);
                assertTrue(grid >= best - 1e-4 && grid <= best * 1.01 + 1e-3,
                        "sigma " + sigma + ", " + rounds + " rounds: grid " + grid + ", best " + best);
            }
        }
    }

    @Test
    void moreRoundsCostMoreAndMoreNoiseLess() {
        PrivacyBudget one = GaussianAccountant.compose(null, 4, DELTA);
        PrivacyBudget two = GaussianAccountant.compose(one, 4, DELTA);
        assertEquals(2, two.rounds());
        assertEquals(2 / 16.0, two.inverseNoiseSquares(), 1e-12);
        assertTrue(two.epsilon() > one.epsilon());
        assertTrue(GaussianAccountant.epsilon(1 / 64.0, DELTA) < one.epsilon());
        assertTrue(GaussianAccountant.epsilon(1 / 16.0, 1e-3) < one.epsilon(), "a larger delta buys a smaller epsilon");
        // composition is the sum of the rounds: 20 rounds at sigma 4 equal one at sigma 4 / sqrt(20)
        PrivacyBudget twenty = null;
        for (int i = 0; i < 20; i++) {
            twenty = GaussianAccountant.compose(twenty, 4, DELTA);
        }
        assertEquals(GaussianAccountant.epsilon(1 / (16 / 20.0), DELTA), twenty.epsilon(), 1e-9);
        assertEquals(5.378, twenty.epsilon(), 1e-2);
    }

    @Test
    void refusesImpossibleSettings() {
        assertThrows(IllegalArgumentException.class, () -> GaussianAccountant.epsilon(1, 0));
        assertThrows(IllegalArgumentException.class, () -> GaussianAccountant.epsilon(1, 1));
        assertThrows(IllegalArgumentException.class, () -> GaussianAccountant.compose(null, 0, DELTA));
    }
}
