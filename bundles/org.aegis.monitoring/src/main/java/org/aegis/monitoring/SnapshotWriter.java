package org.aegis.monitoring;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.aegis.api.telemetry.LatencyHistogram;
import org.aegis.api.telemetry.MetricWriter;

/**
 * What one metric source writes in one scrape, as the client's snapshots: the points of each name grouped into one
 * family. A family that breaks the rules of {@link org.aegis.api.telemetry.MetricSource} is left out whole and its
 * reason kept, so one bad name costs the source that family only.
 */
final class SnapshotWriter implements MetricWriter {
    private static final Pattern NAME = Pattern.compile("aegis_[a-zA-Z0-9_:]*");

    private enum Type { COUNTER, GAUGE, HISTOGRAM }

    /** A family's type and label names are fixed by its first point. */
    private record Family(Type type, MetricMetadata metadata, Set<String> labelNames, List<DataPointSnapshot> points) {
    }

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Map<String, String> rejected = new LinkedHashMap<>();

    @Override
    public void counter(String name, String help, Map<String, String> labels, double value) {
        add(name, help, Type.COUNTER, labels,
                l -> CounterDataPointSnapshot.builder().labels(l).value(value).build());
    }

    @Override
    public void gauge(String name, String help, Map<String, String> labels, double value) {
        add(name, help, Type.GAUGE, labels, l -> GaugeDataPointSnapshot.builder().labels(l).value(value).build());
    }

    @Override
    public void histogram(String name, String help, Map<String, String> labels, LatencyHistogram.Snapshot snapshot) {
        add(name, help, Type.HISTOGRAM, labels, l -> {
            List<Double> bounds = new ArrayList<>(snapshot.upperBoundsSeconds());
            bounds.add(Double.POSITIVE_INFINITY);
            // the client's classic buckets take counts per bucket, not cumulative, like the snapshot
            return HistogramDataPointSnapshot.builder().labels(l).sum(snapshot.sumSeconds())
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, snapshot.bucketCounts())).build();
        });
    }

    private void add(String name, String help, Type type, Map<String, String> labels,
            Function<Labels, DataPointSnapshot> point) {
        if (rejected.containsKey(name)) {
            return;
        }
        String problem = null;
        try {
            Family family = families.computeIfAbsent(name, n -> new Family(type, metadata(n, help, type),
                    Set.copyOf(labels.keySet()), new ArrayList<>()));
            if (family.type() != type || !family.labelNames().equals(labels.keySet())) {
                problem = "written as " + family.type() + " " + family.labelNames() + " and as " + type + " "
                        + labels.keySet();
            } else {
                family.points().add(point.apply(Labels.of(List.copyOf(labels.keySet()),
                        List.copyOf(labels.values()))));
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            problem = e.getMessage();
        }
        if (problem != null) {
            families.remove(name);
            rejected.put(name, problem);
        }
    }

    private static MetricMetadata metadata(String name, String help, Type type) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a Prometheus name starting with aegis_");
        }
        if (type == Type.COUNTER && name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter is named without _total");
        }
        return new MetricMetadata(name, help);
    }

    /**
     * What the source wrote: the families without fault, in the order first written, and the names left out, each
     * with why.
     */
    record Written(List<MetricSnapshot> families, Map<String, String> rejected) {
    }

    /** Ends the scrape's writing. */
    Written written() {
        List<MetricSnapshot> out = new ArrayList<>(families.size());
        Map<String, String> left = new LinkedHashMap<>(rejected);
        families.forEach((name, family) -> {
            try {
                out.add(snapshot(family));
            } catch (IllegalArgumentException e) {
                left.put(name, e.getMessage()); // e.g. two points with the same labels
            }
        });
        return new Written(out, left);
    }

    private static MetricSnapshot snapshot(Family family) {
        return switch (family.type()) {
            case COUNTER -> new CounterSnapshot(family.metadata(), points(family, CounterDataPointSnapshot.class));
            case GAUGE -> new GaugeSnapshot(family.metadata(), points(family, GaugeDataPointSnapshot.class));
            case HISTOGRAM -> new HistogramSnapshot(family.metadata(),
                    points(family, HistogramDataPointSnapshot.class));
        };
    }

    private static <P extends DataPointSnapshot> List<P> points(Family family, Class<P> type) {
        return family.points().stream().map(type::cast).toList();
    }
}
