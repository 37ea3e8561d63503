package org.aegis.example.geomedian;

/**
 * Smoothed Weiszfeld iterations for the weighted geometric median, the point v that minimises
 * sum_i a_i * |v - x_i| (Pillutla, Kakade and Harchaoui, "Robust Aggregation for Federated Learning", Algorithm 2).
 * Each step is the average of the points weighted by a_i / max(nu, |v - x_i|): a point's pull is divided by its
 * distance, so however far away one point is, it moves the median only a bounded amount.
 *
 * <p>Deterministic: plain double arithmetic in sequential loops, in the order the points are given (the caller
 * fixes that order). Immutable, so one instance serves any number of threads.
 *
 * @param maxIterations the most Weiszfeld steps, at least 1
 * @param tolerance     stop once a step lowers the objective by less than this fraction of it; 0 runs every step
 */
record Weiszfeld(int maxIterations, double tolerance) {
    /**
     * nu: the smallest distance a weight is divided by, so that a step stays finite when the estimate lands on a
     * point. Far below the distance between any two updates that matter, so the median it finds is the same.
     */
    static final double SMOOTHING = 1e-6;
    /** The bound on iterations: a round close waits for the strategy, so its work must stay bounded. */
    static final int ITERATION_LIMIT = 10_000;

    Weiszfeld {
        if (maxIterations < 1 || maxIterations > ITERATION_LIMIT) {
            throw new IllegalArgumentException("max iterations must be 1 to " + ITERATION_LIMIT + ", was "
                    + maxIterations);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1), was " + tolerance);
        }
    }

    /**
     * The result of one solve.
     *
     * @param median     the geometric median
     * @param shares     each point's weight in the last step, summing to 1: the median is their weighted mean
     * @param iterations the Weiszfeld steps taken
     */
    record Solution(double[] median, double[] shares, int iterations) {
    }

    /**
     * The weighted geometric median of the points.
     *
     * @param points  at least one, all of the same length, finite
     * @param weights one positive weight per point
     */
    Solution solve(float[][] points, double[] weights) {
        int count = points.length;
        int dimension = points[0].length;
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double[] alpha = new double[count];
        for (int i = 0; i < count; i++) {
            alpha[i] = weights[i] / total;
        }
        // RFA starts from the weighted mean: cheap, and already right when there is no outlier.
        double[] median = new double[dimension];
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < dimension; j++) {
                median[j] += alpha[i] * points[i][j];
            }
        }
        double[] distances = new double[count];
        double[] shares = new double[count];
        double objective = distances(points, median, alpha, distances);
        int iterations = 0;
        while (iterations < maxIterations) {
            median = step(points, alpha, distances, shares);
            iterations++;
            double previous = objective;
            objective = distances(points, median, alpha, distances);
            if (Math.abs(previous - objective) <= tolerance * objective) {
                break;
            }
        }
        return new Solution(median, shares, iterations);
    }

    /** Fills each point's distance to {@code centre} and returns the objective, sum_i a_i * distance_i. */
    private static double distances(float[][] points, double[] centre, double[] alpha, double[] distances) {
        double objective = 0;
        for (int i = 0; i < points.length; i++) {
            double squares = 0;
            for (int j = 0; j < centre.length; j++) {
                double difference = points[i][j] - centre[j];
                squares += difference * difference;
            }
            distances[i] = Math.sqrt(squares); // correctly rounded by IEEE 754: the same bits on every JVM
            objective += alpha[i] * distances[i];
        }
        return objective;
    }

    /** One Weiszfeld step from the point whose distances are given; leaves the step's weights in {@code shares}. */
    private static double[] step(float[][] points, double[] alpha, double[] distances, double[] shares) {
        double[] next = new double[points[0].length];
        double sum = 0;
        for (int i = 0; i < points.length; i++) {
            double beta = alpha[i] / Math.max(SMOOTHING, distances[i]);
            shares[i] = beta;
            sum += beta;
            for (int j = 0; j < next.length; j++) {
                next[j] += beta * points[i][j];
            }
        }
        for (int j = 0; j < next.length; j++) {
            next[j] /= sum;
        }
        for (int i = 0; i < shares.length; i++) {
            shares[i] /= sum;
        }
        return next;
    }

    @Override
    public String toString() {
        return "Weiszfeld[maxIterations=" + maxIterations + ", tolerance=" + tolerance + ", smoothing="
                + SMOOTHING + "]";
    }
}
