package org.aegis.tracing;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ResourceInfo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What tracing costs one REST request (docs/BENCHMARKS.md, "What monitoring costs"): the tracing filter pair at a
 * sample ratio of 0 (on, nothing recorded), 0.1 (the default) and 1, each recorded span ended and marshalled to
 * OTLP protobuf on the request's thread (a simple processor: in the node a batch processor does it on its own
 * thread, and the HTTP post is left out), against the same calls on the request's contexts without the filter.
 *
 * <pre>mvn -B -o -Pbench test -pl bundles/org.aegis.tracing   # target/bench/tracing-jmh.json</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TracingCostBenchmark {
    @Param({"0", "0.1", "1"})
    public double sampleRatio;

    private static final Integer OK = 200;
    private final Map<String, Object> properties = new HashMap<>();
    private final ContainerRequestContext request = RequestTracingFilterTest.fake(ContainerRequestContext.class,
            Map.of("getMethod", "GET"), (name, args) -> switch (name) {
                case "getHeaderString" -> null;
                case "getProperty" -> properties.get((String) args[0]);
                case "setProperty" -> properties.put((String) args[0], args[1]);
                default -> throw new UnsupportedOperationException(name);
            });
    private final ContainerResponseContext ok = RequestTracingFilterTest.fake(ContainerResponseContext.class,
            Map.of("getStatus", OK), null);
    private final HttpServletRequest servlet = RequestTracingFilterTest.fake(HttpServletRequest.class,
            Map.of("getRequestURI", "/api/v1/node"), null);
    private ResourceInfo resourceInfo;
    private SdkTracerProvider provider;
    private RequestTracingFilter filter;

    @Path("/api/v1")
    public static class Node {
        @GET
        @Path("node")
        public String node() {
            return "";
        }
    }

    /** What the OTLP exporter does with a batch before posting it: the protobuf marshalling. */
    private static final class MarshallingExporter implements SpanExporter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(4096);

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            out.reset();
            try {
                TraceRequestMarshaler.create(spans).writeBinaryTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        resourceInfo = RequestTracingFilterTest.resourceInfo(Node.class, Node.class.getMethod("node"));
        provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new MarshallingExporter()))
                .build();
        filter = new RequestTracingFilter();
        filter.bindTracing(new OtelTracing(provider.get("bench"), sampleRatio));
        filter.resourceInfo = resourceInfo;
        filter.servletRequest = servlet;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        provider.shutdown();
    }

    /** The contexts' methods the filter calls, without the filter: what the fakes cost, to subtract. */
    @Benchmark
    public void requestContextsOnly(Blackhole sink) {
        sink.consume(resourceInfo.getResourceClass());
        sink.consume(resourceInfo.getResourceMethod());
        sink.consume(request.getMethod());
        sink.consume(request.getHeaderString("traceparent"));
        sink.consume(request.getProperty("x"));
        sink.consume(ok.getStatus());
    }

    /** One REST request through the tracing filter pair. */
    @Benchmark
    public void tracedRequest() {
        filter.filter(request);
        filter.filter(request, ok);
        properties.clear();
    }
}
