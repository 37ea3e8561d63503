package org.aegis.federated.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.ClientUpdate;
import org.junit.jupiter.api.Test;

/**
 * 20 honest updates ~ N(μ, σ²) per coordinate and 5 Byzantine ones: two sign flips, two scaled by 10 and one of
 * huge Gaussian noise. The robust rules stay near μ, FedAvg does not. ‖μ‖ = √50 ≈ 7.1, an honest update is about
 * σ√d ≈ 0.7 from μ; the attack moves FedAvg about 24 away.
 */
class RobustnessTest {
    private static final int DIMENSION = 50;
    private static final int HONEST = 20;
    private static final int BYZANTINE = 5;
    private static final double SIGMA = 0.1;
    /** The averaging robust rules land within 0.4 of μ (they measure about 0.12 to 0.19). */
    private static final double ROBUST_BOUND = 0.4;
    /** Krum returns one honest update, itself about σ√d ≈ 0.7 from μ (measured 0.47 to 0.62). */
    private static final double KRUM_BOUND = 1.0;

    private static float[] mu() {
        float[] mu = new float[DIMENSION];
        for (int j = 0; j < DIMENSION; j++) {
            mu[j] = j % 2 == 0 ? 1f : -1f;
        }
        return mu;
    }

    static List<ClientUpdate> attackedRound(long seed) {
        Random random = new Random(seed);
        float[] mu = mu();
        List<ClientUpdate> updates = new ArrayList<>();
        List<float[]> honest = new ArrayList<>();
        for (int i = 0; i < HONEST; i++) {
            float[] x = new float[DIMENSION];
            for (int j = 0; j < DIMENSION; j++) {
                x[j] = (float) (mu[j] + SIGMA * random.nextGaussian());
            }
            honest.add(x);
            updates.add(new ClientUpdate("honest-" + i, 100, x));
        }
        for (int b = 0; b < BYZANTINE; b++) {
            float[] x = honest.get(b).clone();
            for (int j = 0; j < DIMENSION; j++) {
                x[j] = switch (b) {
                    case 0, 1 -> -x[j]; // sign flip
                    case 2, 3 -> 10 * x[j]; // scaling
                    default -> (float) (100 * random.nextGaussian()); // noise
                };
            }
            // Byzantine updates interleaved with honest ones: no strategy may rely on order.
            updates.add(3 * b + 1, new ClientUpdate("byzantine-" + b, 100, x));
        }
        return updates;
    }

    private static double distanceToMu(float[] x) {
        float[] mu = mu();
        double sum = 0;
        for (int j = 0; j < DIMENSION; j++) {
            double d = x[j] - mu[j];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    static AggregationContext context() {
        return AggregationContext.ofAssumedByzantine(BYZANTINE).withTrimFraction(0.2).withClipping(2.0, null)
                .withOption(CenteredClipping.ITERATIONS_OPTION, "10");
    }

    static List<AggregationStrategy> robustStrategies() {
        return List.of(new CoordinateMedian(), new TrimmedMean(), Krum.single(), Krum.multi(), new Bulyan(),
                new CenteredClipping());
    }

    @Test
    void fedAvgIsPulledAwayFromTheHonestMean() {
        double distance = distanceToMu(new FedAvg().aggregate(attackedRound(1), context()).delta());
        assertTrue(distance > 5, "FedAvg distance " + distance);
    }

    @Test
    void fedAvgIsCloseWithoutAttackers() {
        List<ClientUpdate> honestOnly = attackedRound(1).stream().filter(u -> u.sender().startsWith("honest"))
                .toList();
        double distance = distanceToMu(new FedAvg().aggregate(honestOnly, context()).delta());
        assertTrue(distance < 0.3, "FedAvg distance " + distance);
    }

    @Test
    void robustStrategiesStayNearTheHonestMean() {
        for (long seed = 1; seed <= 3; seed++) {
            List<ClientUpdate> round = attackedRound(seed);
            for (AggregationStrategy strategy : robustStrategies()) {
                double distance = distanceToMu(strategy.aggregate(round, context()).delta());
                double bound = strategy.name().equals(Krum.KRUM) ? KRUM_BOUND : ROBUST_BOUND;
                assertTrue(distance < bound, strategy.name() + " seed " + seed + " distance " + distance);
            }
        }
    }

    @Test
    void selectingStrategiesOutvoteTheAttackers() {
        List<ClientUpdate> round = attackedRound(2);
        for (AggregationStrategy strategy : List.of(Krum.multi(), new Bulyan())) {
            var outcomes = strategy.aggregate(round, context()).outcomes();
            for (var outcome : outcomes) {
                if (outcome.sender().startsWith("byzantine")) {
                    assertFalse(outcome.status() == org.aegis.api.federated.UpdateOutcome.Status.ACCEPTED,
                            strategy.name() + " accepted " + outcome.sender());
                }
            }
        }
    }

    @Test
    void everyStrategyIsDeterministic() {
        List<AggregationStrategy> all = new ArrayList<>(robustStrategies());
        all.add(new FedAvg());
        for (AggregationStrategy strategy : all) {
            float[] first = strategy.aggregate(attackedRound(5), context()).delta();
            float[] second = strategy.aggregate(attackedRound(5), context()).delta();
            assertArrayEquals(first, second, strategy.name());
            assertTrue(java.util.Arrays.equals(first, second), strategy.name());
            assertTrue(strategy.aggregate(attackedRound(5), context())
                    .equals(strategy.aggregate(attackedRound(5), context())), strategy.name());
        }
    }
}
