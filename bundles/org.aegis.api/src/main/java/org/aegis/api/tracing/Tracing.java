package org.aegis.api.tracing;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Starts spans; the tracing bundle's service (exported with OpenTelemetry when tracing is on). A bundle binds it
 * optionally and dynamically and uses {@link #DISABLED} while there is none: a node without tracing pays nothing.
 *
 * <p>Thread-safe; every method returns at once (spans are exported later, in batches, on the tracing bundle's own
 * thread). The tracing bundle decides what is sampled: a span of an unsampled trace is not {@link
 * TraceSpan#recording() recording}.
 */
@ProviderType
public interface Tracing {
    /** Tracing off: every span is {@link TraceSpan#NONE}, there is never a current trace. */
    Tracing DISABLED = new Tracing() {
        @Override
        public TraceSpan start(String name, SpanKind kind, String parent) {
            return TraceSpan.NONE;
        }

        @Override
        public String current() {
            return null;
        }
    };

    /**
     * Starts a span named {@code name} (low cardinality: {@code "POST /api/v1/proposals"}, not each id).
     *
     * @param parent the W3C {@code traceparent} of the span this one continues, e.g. one carried in a message from
     *               another node; {@code null}: a child of the calling thread's current span, or the root of a new
     *               trace when there is none. A malformed {@code traceparent} also starts a new trace.
     */
    TraceSpan start(String name, SpanKind kind, String parent);

    /** The {@code traceparent} of the calling thread's current span, {@code null} when there is none. */
    String current();
}
