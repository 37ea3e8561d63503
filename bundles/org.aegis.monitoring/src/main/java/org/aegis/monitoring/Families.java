package org.aegis.monitoring;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The metric families one collection returns, read from a service at scrape time. Counter names are given without
 * the {@code _total} the exposition adds.
 */
final class Families {
    private final List<MetricSnapshot> snapshots = new ArrayList<>();

    Families gauge(String name, String help, double value) {
        return gauge(name, help, Map.of(Labels.EMPTY, value));
    }

    Families gauge(String name, String help, Map<Labels, Double> points) {
        if (!points.isEmpty()) {
            GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(name).help(help);
            points.forEach((labels, value) -> family.dataPoint(
                    GaugeDataPointSnapshot.builder().labels(labels).value(value).build()));
            snapshots.add(family.build());
        }
        return this;
    }

    Families counter(String name, String help, double value) {
        return counter(name, help, Map.of(Labels.EMPTY, value));
    }

    Families counter(String name, String help, Map<Labels, Double> points) {
        if (!points.isEmpty()) {
            CounterSnapshot.Builder family = CounterSnapshot.builder().name(name).help(help);
            points.forEach((labels, value) -> family.dataPoint(
                    CounterDataPointSnapshot.builder().labels(labels).value(value).build()));
            snapshots.add(family.build());
        }
        return this;
    }

    MetricSnapshots build() {
        return new MetricSnapshots(snapshots);
    }
}
