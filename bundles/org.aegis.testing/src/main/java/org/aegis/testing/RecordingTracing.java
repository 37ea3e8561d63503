package org.aegis.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.aegis.api.tracing.SpanKind;
import org.aegis.api.tracing.TraceScope;
import org.aegis.api.tracing.TraceSpan;
import org.aegis.api.tracing.Tracing;

/**
 * A {@link Tracing} that records every span in memory, for tests of code that traces: which spans it started, with
 * which parents, attributes and events, and whether it ended them. Every span records. Trace contexts are opaque
 * tokens ({@code trace-1/span-3}), which is all that code carrying them from node to node may assume; a parent that
 * is not such a token starts a new trace, as a malformed {@code traceparent} does.
 */
public final class RecordingTracing implements Tracing {
    /** A span as recorded; {@code parent} is the context it continued, {@code null} for a root. */
    public record RecordedSpan(String name, SpanKind kind, String context, String parent, Map<String, Object> attributes,
            List<String> events, String failure, boolean ended) {
        /** The trace this span belongs to. */
        public String trace() {
            return context.substring(0, context.indexOf('/'));
        }
    }

    private final AtomicLong ids = new AtomicLong();
    private final List<Span> spans = new ArrayList<>();
    private final ThreadLocal<Span> current = new ThreadLocal<>();

    @Override
    public TraceSpan start(String name, SpanKind kind, String parent) {
        String effectiveParent = parent != null ? parent : current();
        boolean continues = effectiveParent != null && effectiveParent.matches("trace-\\d+/span-\\d+");
        String trace = continues ? effectiveParent.substring(0, effectiveParent.indexOf('/'))
                : "trace-" + ids.incrementAndGet();
        Span span = new Span(name, kind, trace + "/span-" + ids.incrementAndGet(), continues ? effectiveParent : null);
        synchronized (spans) {
            spans.add(span);
        }
        return span;
    }

    @Override
    public String current() {
        Span span = current.get();
        return span == null ? null : span.context;
    }

    /** Every span started so far, in the order they started. */
    public List<RecordedSpan> spans() {
        synchronized (spans) {
            return spans.stream().map(Span::recorded).toList();
        }
    }

    /** The spans started so far with this name. */
    public List<RecordedSpan> spans(String name) {
        return spans().stream().filter(s -> s.name().equals(name)).toList();
    }

    private final class Span implements TraceSpan {
        private final String name;
        private final SpanKind kind;
        private final String context;
        private final String parent;
        private final Map<String, Object> attributes = new LinkedHashMap<>();
        private final List<String> events = new ArrayList<>();
        private String failure;
        private boolean ended;

        Span(String name, SpanKind kind, String context, String parent) {
            this.name = name;
            this.kind = kind;
            this.context = context;
            this.parent = parent;
        }

        synchronized RecordedSpan recorded() {
            return new RecordedSpan(name, kind, context, parent, Map.copyOf(attributes), List.copyOf(events), failure,
                    ended);
        }

        @Override
        public boolean recording() {
            return true;
        }

        @Override
        public String traceparent() {
            return context;
        }

        @Override
        public synchronized TraceSpan attribute(String key, String value) {
            attributes.put(key, value);
            return this;
        }

        @Override
        public synchronized TraceSpan attribute(String key, long value) {
            attributes.put(key, value);
            return this;
        }

        @Override
        public synchronized TraceSpan event(String event) {
            events.add(event);
            return this;
        }

        @Override
        public synchronized TraceSpan failed(String description) {
            failure = description;
            return this;
        }

        @Override
        public TraceScope activate() {
            Span before = current.get();
            current.set(this);
            return () -> current.set(before);
        }

        @Override
        public synchronized void end() {
            ended = true;
        }
    }
}
