package org.aegis.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.List;
import org.aegis.api.tracing.SpanKind;
import org.aegis.api.tracing.TraceScope;
import org.aegis.api.tracing.TraceSpan;
import org.aegis.api.tracing.Tracing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OtelTracingTest {
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_SPAN_ID = "00f067aa0ba902b7";
    private static final String PARENT = "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-01";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final Tracing tracing = new OtelTracing(provider.get("test"), 1.0);

    @AfterEach
    void shutdown() {
        provider.shutdown();
    }

    @Test
    void aChildOfAGivenTraceparentContinuesItsTrace() {
        TraceSpan span = tracing.start("pbft.order", SpanKind.CONSUMER, PARENT);
        span.end();

        SpanData data = only();
        assertEquals(TRACE_ID, data.getTraceId());
        assertEquals(PARENT_SPAN_ID, data.getParentSpanId());
        assertTrue(data.getParentSpanContext().isRemote());
        assertEquals(io.opentelemetry.api.trace.SpanKind.CONSUMER, data.getKind());
        assertEquals("00-" + TRACE_ID + "-" + data.getSpanId() + "-01", span.traceparent());
    }

    @Test
    void aMalformedParentStartsANewTrace() {
        for (String malformed : List.of("", "garbage", "00-" + TRACE_ID + "-" + PARENT_SPAN_ID,
                "00-00000000000000000000000000000000-" + PARENT_SPAN_ID + "-01", PARENT + "-extra")) {
            exported.reset();
            tracing.start("x", SpanKind.SERVER, malformed).end();
            SpanData data = only();
            assertNotEquals(TRACE_ID, data.getTraceId(), malformed);
            assertEquals(SpanId.getInvalid(), data.getParentSpanId(), malformed);
        }
    }

    @Test
    void aMalformedParentIsARootEvenInsideAnActivatedSpan() {
        TraceSpan outer = tracing.start("outer", SpanKind.INTERNAL, null);
        try (TraceScope scope = outer.activate()) {
            tracing.start("inner", SpanKind.INTERNAL, "not a traceparent").end();
        }
        outer.end();
        assertEquals(SpanId.getInvalid(), exported.getFinishedSpanItems().get(0).getParentSpanId());
    }

    @Test
    void withoutAParentASpanIsAChildOfTheActivatedOne() {
        TraceSpan outer = tracing.start("outer", SpanKind.SERVER, null);
        try (TraceScope scope = outer.activate()) {
            tracing.start("inner", SpanKind.INTERNAL, null).end();
        }
        outer.end();

        List<SpanData> spans = exported.getFinishedSpanItems();
        SpanData inner = spans.get(0);
        SpanData root = spans.get(1);
        assertEquals(root.getTraceId(), inner.getTraceId());
        assertEquals(root.getSpanId(), inner.getParentSpanId());
        assertEquals(SpanId.getInvalid(), root.getParentSpanId());
    }

    @Test
    void currentIsTheActivatedSpanOnlyInsideItsScope() {
        assertNull(tracing.current());
        TraceSpan span = tracing.start("outer", SpanKind.SERVER, PARENT);
        try (TraceScope scope = span.activate()) {
            assertEquals(span.traceparent(), tracing.current());
        }
        assertNull(tracing.current());
        span.end();
    }

    @Test
    void attributesEventsAndFailureReachTheExportedSpan() {
        TraceSpan span = tracing.start("pbft.order", SpanKind.CONSUMER, null);
        assertTrue(span.recording());
        assertSame(span, span.attribute("aegis.node", "12D3KooWx").attribute("aegis.pbft.sequence", 42)
                .event("pre-prepared").event("committed").failed("view change"));
        span.end();
        span.end(); // only the first counts
        span.attribute("after", "end");

        SpanData data = only();
        assertEquals("12D3KooWx", data.getAttributes().get(AttributeKey.stringKey("aegis.node")));
        assertEquals(42L, data.getAttributes().get(AttributeKey.longKey("aegis.pbft.sequence")));
        assertNull(data.getAttributes().get(AttributeKey.stringKey("after")));
        assertEquals(List.of("pre-prepared", "committed"),
                data.getEvents().stream().map(EventData::getName).toList());
        assertEquals(StatusCode.ERROR, data.getStatus().getStatusCode());
        assertEquals("view change", data.getStatus().getDescription());
        assertTrue(data.hasEnded());
    }

    @Test
    void aNewTraceIsRecordedAtTheRatioAndAContinuedOneFollowsItsParent() {
        Tracing never = new OtelTracing(provider.get("test"), 0);
        assertSame(TraceSpan.NONE, never.start("GET /api/v1/node", SpanKind.SERVER, null), "not sampled: no span");
        assertSame(TraceSpan.NONE, never.start("GET /api/v1/node", SpanKind.SERVER, "garbage"));
        TraceSpan continued = never.start("GET /api/v1/node", SpanKind.SERVER, PARENT);
        assertTrue(continued.recording(), "a caller's sampled trace is recorded whatever the ratio");
        try (TraceScope scope = continued.activate()) {
            assertTrue(never.start("child", SpanKind.INTERNAL, null).recording(), "a child of the current span too");
        }
        continued.end();

        Tracing tenth = new OtelTracing(provider.get("test"), 0.1);
        int recorded = 0;
        for (int i = 0; i < 10_000; i++) {
            TraceSpan span = tenth.start("x", SpanKind.SERVER, null);
            recorded += span.recording() ? 1 : 0;
            span.end();
        }
        // binomial(10000, 0.1): mean 1000, standard deviation 30; the bounds are 6.7 of them away
        assertTrue(recorded > 800 && recorded < 1200, recorded + " of 10000 recorded at 0.1");
    }

    @Test
    void anUnsampledSpanRecordsNothingAndHasNoTraceparent() {
        SdkTracerProvider never = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff())
                .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
        Tracing unsampled = new OtelTracing(never.get("test"), 1.0);
        TraceSpan span = unsampled.start("x", SpanKind.SERVER, null);
        assertFalse(span.recording());
        assertNull(span.traceparent());
        try (TraceScope scope = span.activate()) {
            // its children keep the decision: a remote node sees the sampled flag clear and does not record either
            String current = unsampled.current();
            assertEquals(0, Integer.parseInt(current.substring(current.lastIndexOf('-') + 1), 16) & 1, current);
            assertFalse(unsampled.start("child", SpanKind.INTERNAL, null).recording());
        }
        span.end();
        never.shutdown();
        assertEquals(List.of(), exported.getFinishedSpanItems());
    }

    @Test
    void anUnsampledRemoteParentIsNotRecorded() {
        TraceSpan span = tracing.start("x", SpanKind.CONSUMER, "00-" + TRACE_ID + "-" + PARENT_SPAN_ID + "-00");
        // the default sampler is parent-based, like the component's
        assertFalse(span.recording());
        span.end();
        assertEquals(List.of(), exported.getFinishedSpanItems());
    }

    @Test
    void disabledTracingRecordsNothing() {
        TraceSpan span = Tracing.DISABLED.start("x", SpanKind.SERVER, PARENT);
        assertSame(TraceSpan.NONE, span);
        assertNull(span.traceparent());
        try (TraceScope scope = span.activate()) {
            assertNull(Tracing.DISABLED.current());
        }
        span.end();
    }

    private SpanData only() {
        List<SpanData> spans = exported.getFinishedSpanItems();
        assertEquals(1, spans.size(), spans::toString);
        return spans.get(0);
    }
}
