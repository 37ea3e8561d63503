package org.aegis.model.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackpropTest {
    private static final Corpus CORPUS = Corpus.of("the cat sat on the mat. a dog ran far!\nso it goes.");
    private static final ModelShape SHAPE = new ModelShape(CORPUS.vocabulary().size(), 3, 4, 5);
    /** Positions 0 and 1 put the boundary token in the context, so its embedding is checked too. */
    private static final int[] POSITIONS = {0, 1, 5, 9, 17, 23, 30, 41, 47};

    @Test
    void gradientMatchesCentralFiniteDifferencesForEveryParameter() {
        float[] parameters = randomParameters(SHAPE, 3);
        float[] gradient = new float[parameters.length];
        double loss = new Backprop(SHAPE).accumulate(parameters, CORPUS.tokens(), POSITIONS, gradient);
        assertEquals(new CharMlp(SHAPE, parameters).meanLoss(CORPUS.tokens(), POSITIONS), loss, 1e-5);

        float epsilon = 1e-2f;
        double worst = 0;
        int checked = 0;
        for (int i = 0; i < parameters.length; i++) {
            float saved = parameters[i];
            parameters[i] = saved + epsilon;
            double up = new CharMlp(SHAPE, parameters).meanLoss(CORPUS.tokens(), POSITIONS);
            parameters[i] = saved - epsilon;
            double down = new CharMlp(SHAPE, parameters).meanLoss(CORPUS.tokens(), POSITIONS);
            parameters[i] = saved;
            double numeric = (up - down) / (2 * epsilon);
            double error = Math.abs(numeric - gradient[i]) / Math.max(1e-3, Math.abs(numeric) + Math.abs(gradient[i]));
            worst = Math.max(worst, error);
            if (Math.abs(numeric) > 1e-4) {
                checked++;
            }
        }
        assertTrue(worst < 1e-2, "worst relative error " + worst);
        assertTrue(checked > parameters.length / 2, "only " + checked + " of " + parameters.length
                + " parameters have a gradient: the check proves little");
    }

    @Test
    void accumulateAddsToTheGradientItIsGiven() {
        float[] parameters = randomParameters(SHAPE, 4);
        float[] once = new float[parameters.length];
        new Backprop(SHAPE).accumulate(parameters, CORPUS.tokens(), POSITIONS, once);
        float[] twice = once.clone();
        new Backprop(SHAPE).accumulate(parameters, CORPUS.tokens(), POSITIONS, twice);
        for (int i = 0; i < once.length; i++) {
            assertEquals(2 * once[i], twice[i], 1e-6);
        }
    }

    private static float[] randomParameters(ModelShape shape, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] parameters = new float[shape.parameterCount()];
        for (int i = 0; i < parameters.length; i++) {
            parameters[i] = (float) (random.nextGaussian() * 0.5);
        }
        return parameters;
    }
}
