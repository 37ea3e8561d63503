/**
 * A bundle's own instruments on the node's {@code /metrics}: counters, gauges and latency histograms that no service
 * API exposes (messages a replica dropped, bytes on the wire, how late a tick ran). A bundle, the platform's or a
 * plugin's, registers a {@link org.aegis.api.telemetry.MetricSource} service; the monitoring bundle asks every
 * source at each scrape and writes what it reports in the Prometheus format. The metrics are there while the
 * service is registered, so they appear and disappear with the bundle that owns them.
 *
 * <p>Instruments are cheap on the hot path: a {@link java.util.concurrent.atomic.LongAdder} per counter and a
 * {@link org.aegis.api.telemetry.LatencyHistogram} per latency, which records without locking or allocating; the
 * source reads them only when asked.
 */
@Export
@Version("1.0.0")
package org.aegis.api.telemetry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
