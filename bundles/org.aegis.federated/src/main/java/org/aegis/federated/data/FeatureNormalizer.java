package org.aegis.federated.data;

import java.util.Arrays;
import org.aegis.api.federated.Dataset;

/**
 * Standardises features to zero mean and unit variance with the mean and standard deviation of the merged
 * statistics of all participants. Without it a feature measured in thousands swamps one measured in thousandths
 * and SGD diverges or crawls. A constant feature is only centred.
 *
 * @param mean  per feature, the value subtracted
 * @param scale per feature, the divisor (the standard deviation, or 1 for a constant feature)
 */
public record FeatureNormalizer(double[] mean, double[] scale) {
    private static final double CONSTANT = 1e-12;

    public FeatureNormalizer {
        mean = mean.clone();
        scale = scale.clone();
        if (mean.length != scale.length) {
            throw new IllegalArgumentException(mean.length + " means and " + scale.length + " scales");
        }
    }

    /** The normaliser of the merged statistics of every participant. */
    public static FeatureNormalizer from(FeatureStatistics merged) {
        if (merged.count() == 0) {
            throw new IllegalArgumentException("no rows in the statistics to normalise with");
        }
        int features = merged.featureCount();
        double[] mean = new double[features];
        double[] scale = new double[features];
        for (int j = 0; j < features; j++) {
            mean[j] = merged.mean(j);
            double sd = Math.sqrt(merged.variance(j));
            scale[j] = sd < CONSTANT ? 1 : sd;
        }
        return new FeatureNormalizer(mean, scale);
    }

    /** The dataset with every feature standardised. */
    public Dataset apply(Dataset data) {
        if (data.featureCount() != mean.length) {
            throw new IllegalArgumentException("data has " + data.featureCount() + " features, the normaliser "
                    + mean.length);
        }
        float[] x = data.features();
        for (int i = 0; i < x.length; i++) {
            int j = i % mean.length;
            x[i] = (float) ((x[i] - mean[j]) / scale[j]);
        }
        return new Dataset(x, data.labels(), data.featureCount(), data.classCount());
    }

    @Override
    public double[] mean() {
        return mean.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FeatureNormalizer that && Arrays.equals(mean, that.mean)
                && Arrays.equals(scale, that.scale);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(mean) * 31 + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "FeatureNormalizer[mean=" + Arrays.toString(mean) + ", scale=" + Arrays.toString(scale) + "]";
    }
}
