package org.aegis.federated.data;

import java.util.Arrays;
import org.aegis.api.federated.Dataset;

/**
 * Sufficient statistics of the features of one node's data: row count, and per feature the sum and the sum of
 * squares. A node shares these instead of its rows; merged across participants they give the global mean and
 * variance, so that every node normalises the same way and no single node's data decides it.
 *
 * @param count        rows counted
 * @param sum          per feature, the sum of its values; copied
 * @param sumOfSquares per feature, the sum of its squared values; copied
 */
public record FeatureStatistics(long count, double[] sum, double[] sumOfSquares) {
    public FeatureStatistics {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        if (sum.length != sumOfSquares.length || sum.length == 0) {
            throw new IllegalArgumentException("sums of " + sum.length + " and " + sumOfSquares.length
                    + " features do not match");
        }
        sum = sum.clone();
        sumOfSquares = sumOfSquares.clone();
        for (int j = 0; j < sum.length; j++) {
            if (!Double.isFinite(sum[j]) || !(sumOfSquares[j] >= 0) || Double.isInfinite(sumOfSquares[j])) {
                throw new IllegalArgumentException("statistics of feature " + j + " are not finite: sum " + sum[j]
                        + ", sum of squares " + sumOfSquares[j]);
            }
        }
    }

    /** The statistics of a dataset. */
    public static FeatureStatistics of(Dataset data) {
        int features = data.featureCount();
        double[] sum = new double[features];
        double[] squares = new double[features];
        for (int row = 0; row < data.size(); row++) {
            for (int j = 0; j < features; j++) {
                double x = data.feature(row, j);
                sum[j] += x;
                squares[j] += x * x;
            }
        }
        return new FeatureStatistics(data.size(), sum, squares);
    }

    /** The statistics of both datasets together. */
    public FeatureStatistics merge(FeatureStatistics other) {
        if (other.sum.length != sum.length) {
            throw new IllegalArgumentException("cannot merge statistics of " + sum.length + " and "
                    + other.sum.length + " features");
        }
        double[] s = new double[sum.length];
        double[] q = new double[sum.length];
        for (int j = 0; j < sum.length; j++) {
            s[j] = sum[j] + other.sum[j];
            q[j] = sumOfSquares[j] + other.sumOfSquares[j];
        }
        return new FeatureStatistics(count + other.count, s, q);
    }

    public int featureCount() {
        return sum.length;
    }

    public double mean(int feature) {
        return count == 0 ? 0 : sum[feature] / count;
    }

    /** Population variance, never negative (rounding can make E[x²] − E[x]² slightly so). */
    public double variance(int feature) {
        if (count == 0) {
            return 0;
        }
        double mean = mean(feature);
        return Math.max(0, sumOfSquares[feature] / count - mean * mean);
    }

    @Override
    public double[] sum() {
        return sum.clone();
    }

    @Override
    public double[] sumOfSquares() {
        return sumOfSquares.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FeatureStatistics that && count == that.count && Arrays.equals(sum, that.sum)
                && Arrays.equals(sumOfSquares, that.sumOfSquares);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(count) * 31 + Arrays.hashCode(sum) * 17 + Arrays.hashCode(sumOfSquares);
    }

    @Override
    public String toString() {
        return "FeatureStatistics[count=" + count + ", sum=" + Arrays.toString(sum) + ", sumOfSquares="
                + Arrays.toString(sumOfSquares) + "]";
    }
}
