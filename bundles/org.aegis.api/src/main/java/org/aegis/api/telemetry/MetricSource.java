package org.aegis.api.telemetry;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: a bundle's own metrics, written to the node's {@code /metrics} at each scrape.
 *
 * <p>Threading: {@link #collect} is called at scrape time from a monitoring thread, concurrently with the bundle's
 * own work and possibly with another scrape. It must be fast and must not block: read counters and histograms the
 * bundle already keeps ({@link java.util.concurrent.atomic.LongAdder}, {@link LatencyHistogram}); do not probe the
 * network or storage here.
 *
 * <p>Names: every metric name starts with {@code aegis_} and is a valid Prometheus name
 * ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}); a counter is named without the {@code _total} the exposition adds; a name
 * keeps its type and its label names for as long as it is written; label names are valid Prometheus label names.
 * Two sources must not write the same name.
 *
 * <p>Errors: a source that throws, writes an invalid name, or writes a name another source already writes loses
 * that part of its output (a warning is logged once); the rest of the scrape is served.
 *
 * <p>Hot swap: the metrics are read while the service is registered. When the bundle stops or is updated the
 * service is unregistered and its metrics leave {@code /metrics}, until the new instance registers again (its
 * counters then start from zero, which Prometheus reads as a counter reset).
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so a source built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface MetricSource {
    /** Writes the current value of each of the bundle's metrics to {@code out}, which is valid during the call. */
    void collect(MetricWriter out);
}
