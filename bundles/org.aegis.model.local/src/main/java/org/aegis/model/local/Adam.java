package org.aegis.model.local;

/** Adam (Kingma and Ba) over one flat parameter array, with bias-corrected moment estimates. */
final class Adam {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final double EPSILON = 1e-8;

    private final float[] firstMoment;
    private final float[] secondMoment;
    private int step;

    Adam(int parameters) {
        this.firstMoment = new float[parameters];
        this.secondMoment = new float[parameters];
    }

    /** One update of {@code parameters} against {@code gradient} with the given learning rate. */
    void update(float[] parameters, float[] gradient, double learningRate) {
        step++;
        double correction1 = 1 - Math.pow(BETA1, step);
        double correction2 = 1 - Math.pow(BETA2, step);
        // folds both bias corrections into the step size (the form of section 2 of the paper)
        float stepSize = (float) (learningRate * Math.sqrt(correction2) / correction1);
        float epsilon = (float) (EPSILON * Math.sqrt(correction2));
        float[] m = firstMoment;
        float[] v = secondMoment;
        for (int i = 0; i < parameters.length; i++) {
            float g = gradient[i];
            m[i] = BETA1 * m[i] + (1 - BETA1) * g;
            v[i] = BETA2 * v[i] + (1 - BETA2) * g * g;
            parameters[i] -= stepSize * m[i] / ((float) Math.sqrt(v[i]) + epsilon);
        }
    }
}
