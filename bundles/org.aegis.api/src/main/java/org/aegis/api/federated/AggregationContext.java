package org.aegis.api.federated;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The parameters of one round's aggregation, the same on every node (agreed with the round).
 *
 * @param assumedByzantine  f, how many updates may be Byzantine (Krum, Bulyan), at least 0
 * @param trimFraction      β, the fraction trimmed from each side per coordinate (trimmed mean), in [0, 0.5)
 * @param clippingRadius    τ, the clipping radius of centred clipping, positive and finite
 * @param globalParameters  the round's base parameters (empty if the strategy does not need them); copied
 * @param previousAggregate the previous round's aggregated delta, the momentum centred clipping starts from
 *                          (empty: start from zero); copied
 * @param options           further strategy options by name, sorted so that iteration is deterministic
 */
public record AggregationContext(int assumedByzantine, double trimFraction, double clippingRadius,
        float[] globalParameters, float[] previousAggregate, SortedMap<String, String> options) {
    public AggregationContext {
        if (assumedByzantine < 0) {
            throw new IllegalArgumentException("assumed Byzantine count must not be negative, was " + assumedByzantine);
        }
        if (!(trimFraction >= 0 && trimFraction < 0.5)) {
            throw new IllegalArgumentException("trim fraction must be in [0, 0.5), was " + trimFraction);
        }
        if (!(clippingRadius > 0 && Double.isFinite(clippingRadius))) {
            throw new IllegalArgumentException("clipping radius must be positive and finite, was " + clippingRadius);
        }
        globalParameters = globalParameters == null ? new float[0] : globalParameters.clone();
        previousAggregate = previousAggregate == null ? new float[0] : previousAggregate.clone();
        options = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(options, "options")));
    }

    /** A context with f Byzantine, β = 0.1, τ = 1, no parameters and no options. */
    public static AggregationContext ofAssumedByzantine(int assumedByzantine) {
        return new AggregationContext(assumedByzantine, 0.1, 1.0, null, null, new TreeMap<>());
    }

    /** This context with another trim fraction. */
    public AggregationContext withTrimFraction(double fraction) {
        return new AggregationContext(assumedByzantine, fraction, clippingRadius, globalParameters, previousAggregate,
                options);
    }

    /** This context with another clipping radius and momentum. */
    public AggregationContext withClipping(double radius, float[] momentum) {
        return new AggregationContext(assumedByzantine, trimFraction, radius, globalParameters, momentum, options);
    }

    /** This context with one more option. */
    public AggregationContext withOption(String name, String value) {
        SortedMap<String, String> more = new TreeMap<>(options);
        more.put(name, value);
        return new AggregationContext(assumedByzantine, trimFraction, clippingRadius, globalParameters,
                previousAggregate, more);
    }

    /** An integer option, or the default if absent. */
    public int intOption(String name, int defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " must be an integer, was '" + value + "'", e);
        }
    }

    @Override
    public float[] globalParameters() {
        return globalParameters.clone();
    }

    @Override
    public float[] previousAggregate() {
        return previousAggregate.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AggregationContext that && assumedByzantine == that.assumedByzantine
                && Double.compare(trimFraction, that.trimFraction) == 0
                && Double.compare(clippingRadius, that.clippingRadius) == 0
                && Arrays.equals(globalParameters, that.globalParameters)
                && Arrays.equals(previousAggregate, that.previousAggregate) && options.equals(that.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(assumedByzantine, trimFraction, clippingRadius, options) * 31
                + Arrays.hashCode(globalParameters) * 17 + Arrays.hashCode(previousAggregate);
    }

    @Override
    public String toString() {
        return "AggregationContext[f=" + assumedByzantine + ", trimFraction=" + trimFraction + ", clippingRadius="
                + clippingRadius + ", parameters=" + globalParameters.length + ", momentum=" + previousAggregate.length
                + ", options=" + options + "]";
    }
}
