package org.aegis.api.tracing;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One timed operation of a trace. Started by {@link Tracing#start}, ended exactly once by {@link #end()}; the other
 * methods may be called from any thread before that (a span may start on a request thread and end on the thread
 * that completes the request). Attributes and events after the end are ignored.
 */
@ProviderType
public interface TraceSpan {
    /** The span of disabled tracing: records nothing, carries no trace. */
    TraceSpan NONE = new TraceSpan() {
        @Override
        public boolean recording() {
            return false;
        }

        @Override
        public String traceparent() {
            return null;
        }

        @Override
        public TraceSpan attribute(String key, String value) {
            return this;
        }

        @Override
        public TraceSpan attribute(String key, long value) {
            return this;
        }

        @Override
        public TraceSpan event(String name) {
            return this;
        }

        @Override
        public TraceSpan failed(String description) {
            return this;
        }

        @Override
        public TraceScope activate() {
            return TraceScope.NONE;
        }

        @Override
        public void end() {
            // nothing recorded
        }
    };

    /** Whether this span is recorded (tracing on and the trace sampled); when not, the other methods do nothing. */
    boolean recording();

    /**
     * This span as a W3C {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}), to carry to another node and
     * continue the trace there with {@link Tracing#start}; {@code null} when not {@link #recording()}.
     */
    String traceparent();

    /** Sets an attribute (OpenTelemetry semantic conventions where one fits, else {@code aegis.*}); returns this. */
    TraceSpan attribute(String key, String value);

    /** Sets a numeric attribute; returns this. */
    TraceSpan attribute(String key, long value);

    /** Records that something happened now (a protocol phase reached); returns this. */
    TraceSpan event(String name);

    /** Marks the operation failed, saying why; returns this. */
    TraceSpan failed(String description);

    /**
     * Makes this span the current one of the calling thread until the returned scope is closed, so that spans
     * started meanwhile on this thread without an explicit parent become its children (see {@link Tracing#current()}).
     */
    TraceScope activate();

    /** Ends the span now; it is exported later, in a batch. Only the first call counts. */
    void end();
}
