package org.aegis.monitoring;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.aegis.api.telemetry.MetricSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bundle's {@link MetricSource}, collected by {@link MetricSourceCollector}: asks the source at each scrape and keeps what it
 * got right. A source that throws loses its metrics for that scrape, a bad or taken name loses that family; each
 * problem is logged once per name, not at every scrape.
 */
final class SourceFamilies {
    private static final Logger LOG = LoggerFactory.getLogger(SourceFamilies.class);

    private final MetricSource source;
    private final FamilyOwners owners;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    SourceFamilies(MetricSource source, FamilyOwners owners) {
        this.source = source;
        this.owners = owners;
    }

    boolean reads(MetricSource candidate) {
        return source == candidate;
    }

    MetricSnapshots collect() {
        SnapshotWriter writer = new SnapshotWriter();
        try {
            source.collect(writer);
        } catch (RuntimeException | LinkageError e) { // LinkageError: a source whose bundle is being updated
            warnOnce("", "failed", e);
            return MetricSnapshots.of();
        }
        SnapshotWriter.Written written = writer.written();
        written.rejected().forEach((name, why) -> warnOnce(name, "left out " + name + ": " + why, null));
        List<MetricSnapshot> kept = new ArrayList<>();
        for (MetricSnapshot family : written.families()) {
            String name = family.getMetadata().getName();
            if (owners.claim(name, this)) {
                kept.add(family);
            } else {
                warnOnce(name, "left out " + name + ": another metric source writes it", null);
            }
        }
        if (closed) {
            owners.release(this); // unbound while collecting: do not keep the names claimed just now
            return MetricSnapshots.of();
        }
        return new MetricSnapshots(kept);
    }

    /** The source has left: its names are free for others (its new instance, after an update). */
    void close() {
        closed = true;
        owners.release(this);
    }

    private void warnOnce(String name, String problem, Throwable cause) {
        if (warned.add(name)) {
            LOG.warn("Metric source {} {} (logged once)", source.getClass().getName(), problem, cause);
        }
    }
}
