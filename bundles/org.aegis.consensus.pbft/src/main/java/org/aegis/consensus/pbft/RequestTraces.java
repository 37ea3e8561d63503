package org.aegis.consensus.pbft;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.tracing.SpanKind;
import org.aegis.api.tracing.TraceSpan;
import org.aegis.api.tracing.Tracing;
import org.aegis.consensus.pbft.message.Message.Request;
import org.aegis.consensus.pbft.message.Signed;

/**
 * The spans of the traced requests a replica works on, one per proposal id, from the moment the replica first sees
 * the request to its execution: {@value #PROPOSE} on the replica that proposed it (the parent of every other
 * replica's span, carried in the signed request), {@value #ORDER} on the others; the protocol's phases are events
 * on them. Only requests that come with a trace context are followed, so with tracing off this holds nothing.
 *
 * <p>Confined to the replica's thread, except {@link #callerContext()}, which reads the proposing thread's trace.
 */
final class RequestTraces {
    static final String PROPOSE = "pbft.request";
    static final String ORDER = "pbft.order";
    /** Requests never executed here (decided while this replica was away, dropped by a view change) stop here. */
    static final int MAX_FOLLOWED = 4096;

    private final String self;
    private volatile Tracing tracing = Tracing.DISABLED;
    private final Map<String, TraceSpan> followed = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TraceSpan> eldest) {
            if (size() <= MAX_FOLLOWED) {
                return false;
            }
            eldest.getValue().failed("no longer followed: too many traced requests in flight").end();
            return true;
        }
    };

    RequestTraces(String self) {
        this.self = self;
    }

    void use(Tracing tracing) {
        this.tracing = tracing == null ? Tracing.DISABLED : tracing;
    }

    /** The trace of the calling thread, which is proposing; {@code null} when it has none. From any thread. */
    String callerContext() {
        return tracing.current();
    }

    /** Starts the span of a proposal made here; returns the trace context its request carries (null: untraced). */
    String proposing(Proposal proposal, String callerContext) {
        if (callerContext == null) {
            return null;
        }
        TraceSpan span = follow(PROPOSE, SpanKind.PRODUCER, proposal, callerContext);
        return span == null ? null : span.traceparent();
    }

    /** A request received, alone or in a pre-prepare: followed from now on if it carries a trace. */
    void seen(Signed request) {
        Request r = (Request) request.message();
        if (r.traceparent() != null && !followed.containsKey(r.proposal().id())) {
            TraceSpan span = follow(ORDER, SpanKind.CONSUMER, r.proposal(), r.traceparent());
            if (span != null) {
                span.attribute("aegis.pbft.signer", request.sender());
            }
        }
    }

    /** The requests of a batch reached a phase ({@code pre-prepared}, {@code prepared}, {@code committed}). */
    void phase(List<Signed> batch, String phase, long view, long sequence) {
        if (followed.isEmpty()) {
            return;
        }
        for (Signed request : batch) {
            TraceSpan span = followed.get(((Request) request.message()).proposal().id());
            if (span != null) {
                span.event(phase).attribute("aegis.pbft.view", view).attribute("aegis.pbft.sequence", sequence);
            }
        }
    }

    /**
     * A request executed as decision {@code decision}: its span ends. Returns its trace context, the parent of the
     * decision's delivery on this node, or {@code null} when it is not followed.
     */
    String executed(String proposalId, long decision) {
        TraceSpan span = followed.remove(proposalId);
        if (span == null) {
            return null;
        }
        span.attribute("aegis.decision.sequence", decision).end();
        return span.traceparent();
    }

    /** A followed request that will not be executed here (already decided, refused): its span ends, failed. */
    void abandoned(String proposalId, String why) {
        TraceSpan span = followed.remove(proposalId);
        if (span != null) {
            span.failed(why).end();
        }
    }

    /** The replica stops: every span still open ends. */
    void stopped() {
        followed.values().forEach(span -> span.failed("the replica stopped").end());
        followed.clear();
    }

    private TraceSpan follow(String name, SpanKind kind, Proposal proposal, String parent) {
        TraceSpan span = tracing.start(name, kind, parent);
        if (!span.recording()) {
            return null;
        }
        span.attribute("aegis.node", self).attribute("aegis.proposal.id", proposal.id())
                .attribute("aegis.proposal.kind", proposal.kind());
        followed.put(proposal.id(), span);
        return span;
    }
}
