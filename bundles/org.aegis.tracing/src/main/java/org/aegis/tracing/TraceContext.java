package org.aegis.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.util.Collections;

/**
 * A span's context as a W3C {@code traceparent} and back, through OpenTelemetry's propagator, the one definition of
 * the format here. The carrier is a single header value, so no map is built to read one.
 */
final class TraceContext {
    static final String TRACEPARENT = "traceparent";
    private static final TextMapPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<String> SINGLE_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return Collections.singleton(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private TraceContext() {
    }

    /** The {@code traceparent} of the span in {@code context}; {@code null} when it has no valid span. */
    static String traceparent(Context context) {
        String[] written = new String[1];
        PROPAGATOR.inject(context, written, (carrier, key, value) -> {
            if (TRACEPARENT.equals(key)) {
                carrier[0] = value;
            }
        });
        return written[0];
    }

    /** A context whose span is the remote parent {@code traceparent} names; {@code null} when it is malformed. */
    static Context remoteParent(String traceparent) {
        Context extracted = PROPAGATOR.extract(Context.root(), traceparent, SINGLE_VALUE);
        return Span.fromContext(extracted).getSpanContext().isValid() ? extracted : null;
    }
}
