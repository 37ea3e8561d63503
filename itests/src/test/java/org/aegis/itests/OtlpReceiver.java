package org.aegis.itests;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * What an OpenTelemetry collector does with traces, as far as a test needs: an OTLP/HTTP receiver (protobuf bodies,
 * the protocol of the nodes' exporter) on a loopback port that keeps every span with the node that sent it (its
 * resource's {@code service.instance.id}).
 */
final class OtlpReceiver implements AutoCloseable {
    /** A received span; ids in lowercase hex, {@code parentSpanId} empty for a root. */
    record ReceivedSpan(String node, String traceId, String spanId, String parentSpanId, String name,
            Span.SpanKind kind, Map<String, String> attributes, List<String> events) {
    }

    private static final HexFormat HEX = HexFormat.of();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "otlp-receiver"));
    private final List<ReceivedSpan> spans = new ArrayList<>();

    private OtlpReceiver(HttpServer server) {
        this.server = server;
        server.createContext("/v1/traces", this::receive);
        server.setExecutor(executor);
        server.start();
    }

    static OtlpReceiver start() throws IOException {
        return new OtlpReceiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    /** The URL to configure as the nodes' OTLP traces endpoint. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
    }

    /** The spans of one trace received so far. */
    List<ReceivedSpan> trace(String traceId) {
        synchronized (spans) {
            return spans.stream().filter(s -> s.traceId().equals(traceId)).toList();
        }
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())
                    || !"application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                exchange.sendResponseHeaders(415, -1);
                return;
            }
            InputStream body = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody();
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
            keep(request);
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private void keep(ExportTraceServiceRequest request) {
        List<ReceivedSpan> received = new ArrayList<>();
        for (ResourceSpans resource : request.getResourceSpansList()) {
            String node = strings(resource.getResource().getAttributesList()).get("service.instance.id");
            for (ScopeSpans scope : resource.getScopeSpansList()) {
                for (Span span : scope.getSpansList()) {
                    received.add(new ReceivedSpan(node, HEX.formatHex(span.getTraceId().toByteArray()),
                            HEX.formatHex(span.getSpanId().toByteArray()),
                            HEX.formatHex(span.getParentSpanId().toByteArray()), span.getName(), span.getKind(),
                            strings(span.getAttributesList()),
                            span.getEventsList().stream().map(Span.Event::getName).toList()));
                }
            }
        }
        synchronized (spans) {
            spans.addAll(received);
        }
    }

    /** Attributes as text, whatever their type. */
    private static Map<String, String> strings(List<KeyValue> attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        for (KeyValue kv : attributes) {
            values.put(kv.getKey(), switch (kv.getValue().getValueCase()) {
                case INT_VALUE -> Long.toString(kv.getValue().getIntValue());
                case BOOL_VALUE -> Boolean.toString(kv.getValue().getBoolValue());
                case DOUBLE_VALUE -> Double.toString(kv.getValue().getDoubleValue());
                default -> kv.getValue().getStringValue();
            });
        }
        return values;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
