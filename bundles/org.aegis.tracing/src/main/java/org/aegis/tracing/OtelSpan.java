package org.aegis.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aegis.api.tracing.TraceScope;
import org.aegis.api.tracing.TraceSpan;

/** A {@link TraceSpan} over an OpenTelemetry span; thread-safe as the SDK's span is. */
final class OtelSpan implements TraceSpan {
    private final Span span;
    /** Decided when the span started (sampling); OpenTelemetry's own flag turns false at the end. */
    private final boolean recording;
    private final AtomicBoolean ended = new AtomicBoolean();

    OtelSpan(Span span) {
        this.span = span;
        this.recording = span.isRecording();
    }

    @Override
    public boolean recording() {
        return recording;
    }

    @Override
    public String traceparent() {
        return recording ? TraceContext.traceparent(Context.root().with(span)) : null;
    }

    @Override
    public TraceSpan attribute(String key, String value) {
        span.setAttribute(key, value);
        return this;
    }

    @Override
    public TraceSpan attribute(String key, long value) {
        span.setAttribute(key, value);
        return this;
    }

    @Override
    public TraceSpan event(String name) {
        span.addEvent(name);
        return this;
    }

    @Override
    public TraceSpan failed(String description) {
        span.setStatus(StatusCode.ERROR, description == null ? "" : description);
        return this;
    }

    /** Made current even when not recording, so that its children keep the trace's decision not to sample. */
    @Override
    public TraceScope activate() {
        Scope scope = span.makeCurrent();
        return scope::close;
    }

    @Override
    public void end() {
        if (ended.compareAndSet(false, true)) {
            span.end();
        }
    }

    @Override
    public String toString() {
        return "OtelSpan[" + span.getSpanContext().getTraceId() + "/" + span.getSpanContext().getSpanId() + "]";
    }
}
