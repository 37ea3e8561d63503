package org.aegis.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ResourceInfo;
import org.aegis.api.rest.RestApi;
import org.aegis.api.tracing.TraceSpan;
import org.aegis.api.tracing.Tracing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RequestTracingFilterTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";

    @Path("/api/v1/")
    static final class Resource {
        @GET
        @Path("x")
        public String x() {
            return "x";
        }

        @GET
        @Path("/tokens/{id}")
        public String token() {
            return "t";
        }
    }

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final RequestTracingFilter filter = new RequestTracingFilter();

    @BeforeEach
    void bindTracing() {
        filter.bindTracing(new OtelTracing(provider.get("test"), 1.0));
    }

    @AfterEach
    void shutdown() {
        provider.shutdown();
    }

    @Test
    void aRequestIsAServerSpanNamedByItsRouteContinuingTheCallersTrace() throws Exception {
        filter.resourceInfo = resourceInfo(Resource.class, Resource.class.getMethod("x"));
        Map<String, Object> properties = new HashMap<>();
        ContainerRequestContext request = request("GET", "/api/v1/x",
                "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01", properties);

        filter.filter(request);
        TraceSpan span = assertInstanceOf(TraceSpan.class, properties.get(RestApi.TRACE_SPAN));
        assertTrue(span.recording());
        assertEquals(List.of(), exported.getFinishedSpanItems(), "not ended before the response");
        filter.filter(request, response(200));

        SpanData data = exported.getFinishedSpanItems().get(0);
        assertEquals("GET /api/v1/x", data.getName());
        assertEquals(SpanKind.SERVER, data.getKind());
        assertEquals(TRACE_ID, data.getTraceId());
        assertEquals(PARENT_SPAN_ID, data.getParentSpanId());
        assertEquals("GET", data.getAttributes().get(AttributeKey.stringKey("http.request.method")));
        assertEquals("/api/v1/x", data.getAttributes().get(AttributeKey.stringKey("http.route")));
        assertEquals("/api/v1/x", data.getAttributes().get(AttributeKey.stringKey("url.path")));
        assertEquals(200L, data.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals(StatusCode.UNSET, data.getStatus().getStatusCode());
        assertTrue(data.hasEnded());
    }

    @Test
    void theRouteIsTheTemplateNotThePath() throws Exception {
        filter.resourceInfo = resourceInfo(Resource.class, Resource.class.getMethod("token"));
        ContainerRequestContext request = request("GET", "/api/v1/tokens/abc", null, new HashMap<>());
        filter.filter(request);
        filter.filter(request, response(404));

        SpanData data = exported.getFinishedSpanItems().get(0);
        assertEquals("GET /api/v1/tokens/{id}", data.getName());
        assertEquals("/api/v1/tokens/abc", data.getAttributes().get(AttributeKey.stringKey("url.path")));
        assertEquals(io.opentelemetry.api.trace.SpanId.getInvalid(), data.getParentSpanId(), "a new trace");
    }

    @Test
    void aServerErrorFailsTheSpan() throws Exception {
        filter.resourceInfo = resourceInfo(Resource.class, Resource.class.getMethod("x"));
        ContainerRequestContext request = request("POST", "/api/v1/x", null, new HashMap<>());
        filter.filter(request);
        filter.filter(request, response(503));

        SpanData data = exported.getFinishedSpanItems().get(0);
        assertEquals(StatusCode.ERROR, data.getStatus().getStatusCode());
        assertEquals("HTTP 503", data.getStatus().getDescription());
    }

    @Test
    void anUnknownResourceMethodIsNamedByTheHttpMethodAlone() {
        filter.resourceInfo = resourceInfo(null, null);
        ContainerRequestContext request = request("DELETE", "/somewhere", null, new HashMap<>());
        filter.filter(request);
        filter.filter(request, response(405));
        assertEquals("DELETE", exported.getFinishedSpanItems().get(0).getName());
    }

    @Test
    void withTracingOffARequestIsLeftAlone() throws Exception {
        RequestTracingFilter off = new RequestTracingFilter();
        off.bindTracing(Tracing.DISABLED);
        off.resourceInfo = resourceInfo(Resource.class, Resource.class.getMethod("x"));
        Map<String, Object> properties = new HashMap<>();
        ContainerRequestContext request = request("GET", "/api/v1/x", null, properties);
        off.filter(request);
        off.filter(request, response(200));
        assertEquals(Map.of(), properties, "no span handed to the resource");
        assertEquals(List.of(), exported.getFinishedSpanItems());
    }

    @Test
    void aResponseWithoutARequestSpanIsLeftAlone() {
        filter.filter(request("GET", "/nowhere", null, new HashMap<>()), response(404));
        assertEquals(List.of(), exported.getFinishedSpanItems());
    }

    static ResourceInfo resourceInfo(Class<?> resource, Method method) {
        return fake(ResourceInfo.class, Map.of(), (name, args) -> switch (name) {
            case "getResourceClass" -> resource;
            case "getResourceMethod" -> method;
            default -> throw new UnsupportedOperationException(name);
        });
    }

    /** The JAX-RS request, and the servlet request the filter reads its path from (one per thread in the runtime). */
    private ContainerRequestContext request(String method, String path, String traceparent,
            Map<String, Object> properties) {
        filter.servletRequest = fake(HttpServletRequest.class, Map.of("getRequestURI", path), null);
        return fake(ContainerRequestContext.class, Map.of(), (name, args) -> switch (name) {
            case "getMethod" -> method;
            case "getHeaderString" -> args[0].equals("traceparent") ? traceparent : null;
            case "getProperty" -> properties.get((String) args[0]);
            case "setProperty" -> properties.put((String) args[0], args[1]);
            default -> throw new UnsupportedOperationException(name);
        });
    }

    static ContainerResponseContext response(int status) {
        return fake(ContainerResponseContext.class, Map.of("getStatus", status), null);
    }

    interface Answer {
        Object answer(String method, Object[] args);
    }

    /** A proxy answering the given methods by name; any other call fails the test. */
    static <T> T fake(Class<T> type, Map<String, Object> values, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (answer == null) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return answer.answer(method.getName(), args);
                }));
    }
}
