package org.aegis.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.concurrent.ThreadLocalRandom;
import org.aegis.api.tracing.SpanKind;
import org.aegis.api.tracing.TraceSpan;
import org.aegis.api.tracing.Tracing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Tracing} with an OpenTelemetry tracer: the SDK's while tracing is on, an in-memory one in tests.
 *
 * <p>It decides itself whether a new trace (a span without parent) is recorded, before OpenTelemetry makes ids and
 * a span: a call not sampled then costs one random draw and allocates nothing, and is {@link TraceSpan#NONE}, so
 * what it leads to (a proposal, other nodes' spans) is not traced either. A span with a parent follows the parent's
 * decision, which the tracer's sampler makes.
 */
final class OtelTracing implements Tracing {
    private static final Logger LOG = LoggerFactory.getLogger(OtelTracing.class);
    private final Tracer tracer;
    private final double newTraceRatio;

    /**
     * @param tracer        its sampler decides the spans that have a parent (new traces reach it sampled)
     * @param newTraceRatio the share of new traces recorded, 0 to 1
     */
    OtelTracing(Tracer tracer, double newTraceRatio) {
        this.tracer = tracer;
        this.newTraceRatio = newTraceRatio;
    }

    @Override
    public TraceSpan start(String name, SpanKind kind, String parent) {
        Context parentContext = parentContext(parent);
        if (!Span.fromContext(parentContext).getSpanContext().isValid() && !newTraceSampled()) {
            return TraceSpan.NONE;
        }
        Span span = tracer.spanBuilder(name).setSpanKind(otelKind(kind)).setParent(parentContext).startSpan();
        return new OtelSpan(span);
    }

    private boolean newTraceSampled() {
        return newTraceRatio >= 1 || newTraceRatio > 0 && ThreadLocalRandom.current().nextDouble() < newTraceRatio;
    }

    /**
     * The current span's {@code traceparent}, an unsampled one's too (flags {@code 00}), so that the nodes it is
     * carried to keep the decision not to record the trace.
     */
    @Override
    public String current() {
        return TraceContext.traceparent(Context.current());
    }

    private static Context parentContext(String parent) {
        if (parent == null) {
            return Context.current();
        }
        Context remote = TraceContext.remoteParent(parent);
        if (remote == null) {
            // a caller's header: cut, so that a long one does not flood the log
            LOG.debug("Malformed traceparent '{}': the span starts a new trace",
                    parent.length() > 64 ? parent.substring(0, 64) + "…" : parent);
            return Context.root();
        }
        return remote;
    }

    private static io.opentelemetry.api.trace.SpanKind otelKind(SpanKind kind) {
        return switch (kind == null ? SpanKind.INTERNAL : kind) {
            case INTERNAL -> io.opentelemetry.api.trace.SpanKind.INTERNAL;
            case SERVER -> io.opentelemetry.api.trace.SpanKind.SERVER;
            case CLIENT -> io.opentelemetry.api.trace.SpanKind.CLIENT;
            case PRODUCER -> io.opentelemetry.api.trace.SpanKind.PRODUCER;
            case CONSUMER -> io.opentelemetry.api.trace.SpanKind.CONSUMER;
        };
    }
}
