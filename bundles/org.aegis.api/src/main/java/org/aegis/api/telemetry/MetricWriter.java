package org.aegis.api.telemetry;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a {@link MetricSource} writes its metrics during one scrape. Each call adds one data point to the family
 * {@code name}; calls with the same name and different label values add points to the same family. Names and
 * labels follow the rules of {@link MetricSource}; {@code labels} may be empty, never {@code null}.
 */
@ProviderType
public interface MetricWriter {
    /** A count that only grows while the source is registered; named without {@code _total}. */
    void counter(String name, String help, Map<String, String> labels, double value);

    /** A value that goes up and down. */
    void gauge(String name, String help, Map<String, String> labels, double value);

    /** A latency distribution in seconds (the name should end in {@code _seconds}). */
    void histogram(String name, String help, Map<String, String> labels, LatencyHistogram.Snapshot snapshot);

    default void counter(String name, String help, double value) {
        counter(name, help, Map.of(), value);
    }

    default void gauge(String name, String help, double value) {
        gauge(name, help, Map.of(), value);
    }

    default void histogram(String name, String help, LatencyHistogram.Snapshot snapshot) {
        histogram(name, help, Map.of(), snapshot);
    }
}
