package org.aegis.monitoring;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.telemetry.LatencyHistogram;
import org.aegis.api.telemetry.MetricSource;
import org.aegis.testing.FakeConsensusEngine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the monitoring bundle costs a node, part by part (docs/BENCHMARKS.md, "What monitoring costs"): timing one
 * REST request (the filter pair, against the same calls on the request's contexts without the filters), and one
 * scrape of /metrics (the registry with the JVM's metrics, request timings of 40 route, method and status series, the
 * consensus collector and a bundle's metric source, written in the text format).
 *
 * <pre>mvn -B -o -Pbench test -pl bundles/org.aegis.monitoring   # target/bench/monitoring-jmh.json</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MonitoringCostBenchmark {
    private final FakeRequests fakes = new FakeRequests();
    private final MonitoringRegistry registry = new MonitoringRegistry();
    private final RequestMetricsFilter filter = new RequestMetricsFilter(registry);
    private final ByteArrayOutputStream exposition = new ByteArrayOutputStream(1 << 16);
    private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();

    /** Resource methods of a few routes, for a realistic number of series in the scrape. */
    @Path("/api/v1/things")
    public static class Things {
        @GET
        @Path("{id}")
        public String thing() {
            return "";
        }

        @GET
        public String all() {
            return "";
        }
    }

    @Setup
    public void setUp() throws Exception {
        filter.resourceInfo = fakes.resourceInfo;
        // the series of a node's REST routes (in the node they are the filter's; the same size of scrape here)
        Histogram routes = Histogram.builder().name("aegis_bench_request_duration_seconds").help("Routes")
                .unit(Unit.SECONDS).labelNames("method", "route", "status").classicOnly().build();
        registry.register(routes);
        for (int route = 0; route < 10; route++) {
            for (int status : new int[] {200, 201, 400, 401}) {
                routes.labelValues("GET", "/api/v1/r" + route, Integer.toString(status)).observe(0.001 * route);
            }
        }
        FakeConsensusEngine engine = new FakeConsensusEngine(List.of("peer-a", "peer-b", "peer-c", "peer-d"));
        engine.propose(new Proposal("p1", "note", new byte[0], "peer-a"));
        new ConsensusCollector(registry, engine);
        LatencyHistogram latency = new LatencyHistogram(List.of(0.001, 0.01, 0.1, 1.0));
        latency.recordNanos(2_000_000);
        MetricSource source = out -> {
            out.counter("aegis_bench_dropped", "Dropped", Map.of("reason", "invalid"), 3);
            out.gauge("aegis_bench_open", "Open now", 2);
            out.histogram("aegis_bench_latency_seconds", "Latency", latency.snapshot());
        };
        MetricSourceCollector sources = new MetricSourceCollector(registry);
        sources.bindSource(source);
        fakes.matched = Things.class.getMethod("thing");
    }

    /** The contexts' methods the filters call, without the filters: what the fakes cost, to subtract. */
    @Benchmark
    public void requestContextsOnly(Blackhole sink) {
        sink.consume(fakes.resourceInfo.getResourceClass());
        sink.consume(fakes.resourceInfo.getResourceMethod());
        sink.consume(fakes.resourceInfo.getResourceClass());
        sink.consume(fakes.resourceInfo.getResourceMethod());
        sink.consume(fakes.request.getMethod());
        sink.consume(fakes.ok.getStatus());
    }

    /** One REST request timed: the request filter, then the response filter. */
    @Benchmark
    public void timedRequest() {
        filter.filter(fakes.request);
        filter.filter(fakes.request, fakes.ok);
    }

    /** One scrape of /metrics in the Prometheus text format. */
    @Benchmark
    public int scrape() throws IOException {
        exposition.reset();
        text.write(exposition, registry.scrape());
        return exposition.size();
    }
}
