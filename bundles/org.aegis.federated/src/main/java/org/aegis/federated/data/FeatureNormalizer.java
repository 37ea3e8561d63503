package org.aegis.federated.data;

import java.util.Arrays;
import java.util.List;
import org.aegis.api.federated.Dataset;

/**
 * Standardises features to zero mean and unit variance, with a centre and spread the participants' statistics
 * agree on ({@link #fromParticipants}: robust to a participant that lies about its data). Without it a feature measured in thousands swamps one measured in thousandths
 * and SGD diverges or crawls. A constant feature is only centred.
 *
 * @param mean  per feature, the value subtracted
 * @param scale per feature, the divisor (the standard deviation, or 1 for a constant feature)
 */
public record FeatureNormalizer(double[] mean, double[] scale) {
    private static final double CONSTANT = 1e-12;
    /** Scales a median absolute deviation to the standard deviation of normally distributed values. */
    private static final double MAD_TO_SD = 1.4826;

    public FeatureNormalizer {
        mean = mean.clone();
        scale = scale.clone();
        if (mean.length != scale.length) {
            throw new IllegalArgumentException(mean.length + " means and " + scale.length + " scales");
        }
    }

    /** Leaves features as they are: for data a training task reads itself, whose features are not measurements. */
    public static FeatureNormalizer identity(int features) {
        double[] scale = new double[features];
        java.util.Arrays.fill(scale, 1);
        return new FeatureNormalizer(new double[features], scale);
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

    /**
     * The normaliser of a run, from each participant's statistics, so that no participant decides it alone: per
     * feature, the centre is the median of the participants' means, and the spread combines the median of their
     * variances (the spread within a node) with the median absolute deviation of their means (between nodes,
     * which differ on non-IID data). A liar among three or more participants moves neither median far; with one
     * participant this is its own mean and standard deviation.
     */
    public static FeatureNormalizer fromParticipants(List<FeatureStatistics> participants) {
        List<FeatureStatistics> usable = participants.stream().filter(s -> s.count() > 0).toList();
        if (usable.isEmpty()) {
            throw new IllegalArgumentException("no rows in the statistics to normalise with");
        }
        int features = usable.get(0).featureCount();
        double[] mean = new double[features];
        double[] scale = new double[features];
        double[] means = new double[usable.size()];
        double[] variances = new double[usable.size()];
        for (int j = 0; j < features; j++) {
            for (int p = 0; p < usable.size(); p++) {
                if (usable.get(p).featureCount() != features) {
                    throw new IllegalArgumentException("participants' statistics have " + features + " and "
                            + usable.get(p).featureCount() + " features");
                }
                means[p] = usable.get(p).mean(j);
                variances[p] = usable.get(p).variance(j);
            }
            double centre = median(means);
            double[] deviations = new double[means.length];
            for (int p = 0; p < means.length; p++) {
                deviations[p] = Math.abs(means[p] - centre);
            }
            double between = MAD_TO_SD * median(deviations);
            double sd = Math.sqrt(median(variances) + between * between);
            mean[j] = centre;
            scale[j] = sd < CONSTANT || !Double.isFinite(sd) ? 1 : sd;
        }
        return new FeatureNormalizer(mean, scale);
    }

    /** The median (the mean of the middle two for an even count); sorts a copy. */
    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
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
