package org.aegis.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.aegis.api.telemetry.LatencyHistogram;
import org.aegis.api.telemetry.MetricSource;
import org.aegis.api.telemetry.MetricWriter;

/** What a {@link MetricSource} wrote in one collection, to assert on in a unit test without the monitoring bundle. */
public final class CollectedMetrics implements MetricWriter {
    private record Key(String name, Map<String, String> labels) {
    }

    private final Map<Key, Double> values = new LinkedHashMap<>();
    private final Map<Key, LatencyHistogram.Snapshot> histograms = new LinkedHashMap<>();

    /** Asks {@code source} once. */
    public static CollectedMetrics of(MetricSource source) {
        CollectedMetrics collected = new CollectedMetrics();
        source.collect(collected);
        return collected;
    }

    @Override
    public void counter(String name, String help, Map<String, String> labels, double value) {
        values.put(new Key(name, Map.copyOf(labels)), value);
    }

    @Override
    public void gauge(String name, String help, Map<String, String> labels, double value) {
        values.put(new Key(name, Map.copyOf(labels)), value);
    }

    @Override
    public void histogram(String name, String help, Map<String, String> labels, LatencyHistogram.Snapshot snapshot) {
        histograms.put(new Key(name, Map.copyOf(labels)), snapshot);
    }

    /** The counter's or gauge's value written for {@code name} without labels. */
    public double value(String name) {
        return value(name, Map.of());
    }

    /** The counter's or gauge's value written for {@code name} and exactly these labels. */
    public double value(String name, Map<String, String> labels) {
        Double value = values.get(new Key(name, labels));
        if (value == null) {
            throw new NoSuchElementException(name + labels + " was not written; written: " + values.keySet());
        }
        return value;
    }

    /** The histogram written for {@code name} without labels. */
    public LatencyHistogram.Snapshot histogram(String name) {
        return histogram(name, Map.of());
    }

    /** The histogram written for {@code name} and exactly these labels. */
    public LatencyHistogram.Snapshot histogram(String name, Map<String, String> labels) {
        LatencyHistogram.Snapshot snapshot = histograms.get(new Key(name, labels));
        if (snapshot == null) {
            throw new NoSuchElementException(name + labels + " was not written; written: " + histograms.keySet());
        }
        return snapshot;
    }

    /** Whether anything was written for {@code name} and these labels. */
    public boolean contains(String name, Map<String, String> labels) {
        Key key = new Key(name, labels);
        return values.containsKey(key) || histograms.containsKey(key);
    }
}
