package org.aegis.consensus.pbft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.aegis.api.consensus.Decision;
import org.aegis.api.tracing.SpanKind;
import org.aegis.api.tracing.TraceScope;
import org.aegis.api.tracing.TraceSpan;
import org.aegis.testing.RecordingTracing;
import org.aegis.testing.RecordingTracing.RecordedSpan;
import org.junit.jupiter.api.Test;

/** A proposal's trace through the replicas: the request carries it, every replica continues it. */
class TracingTest {
    private static final List<String> PHASES = List.of("pre-prepared", "prepared", "committed");

    private static RecordingTracing traced(Cluster c) {
        RecordingTracing tracing = new RecordingTracing();
        for (int i = 0; i < c.ids.size(); i++) {
            c.replica(i).setTracing(tracing);
        }
        return tracing;
    }

    private static CompletableFuture<Decision> proposeIn(TraceSpan caller, Cluster c, int node, String id) {
        try (TraceScope scope = caller.activate()) {
            return c.propose(node, id);
        }
    }

    @Test
    void aTracedProposalIsFollowedOnEveryReplicaAndHandedOnWithItsDecision() {
        Cluster c = new Cluster(4);
        RecordingTracing tracing = traced(c);
        Map<String, String> handedOn = new ConcurrentHashMap<>();
        for (int i = 0; i < 4; i++) {
            String node = c.ids.get(i);
            c.replica(i).onTracedDecision((decision, traceparent) -> {
                if (traceparent != null) {
                    handedOn.put(node + " " + decision.proposal().id(), traceparent);
                }
            });
        }
        TraceSpan call = tracing.start("POST /api/v1/proposals", SpanKind.SERVER, null);
        CompletableFuture<Decision> decided = proposeIn(call, c, 1, "traced");
        call.end();
        CompletableFuture<Decision> untraced = c.propose(2, "untraced");
        assertTrue(c.runUntil(() -> decided.isDone() && untraced.isDone(), Duration.ofSeconds(2)));
        c.settle();

        List<RecordedSpan> requests = tracing.spans(RequestTraces.PROPOSE);
        assertEquals(1, requests.size(), "one request span, on the proposing replica: " + tracing.spans());
        RecordedSpan request = requests.get(0);
        assertEquals(call.traceparent(), request.parent(), "the request continues the caller's trace");
        assertEquals(SpanKind.PRODUCER, request.kind());
        assertEquals("node-1", request.attributes().get("aegis.node"));
        List<RecordedSpan> orders = tracing.spans(RequestTraces.ORDER);
        assertEquals(Set.of("node-0", "node-2", "node-3"),
                orders.stream().map(s -> s.attributes().get("aegis.node")).collect(Collectors.toSet()));
        for (RecordedSpan span : orders) {
            assertEquals(request.context(), span.parent(), "each replica continues the request's span: " + span);
            assertEquals(SpanKind.CONSUMER, span.kind());
            assertEquals("node-1", span.attributes().get("aegis.pbft.signer"));
        }
        for (RecordedSpan span : tracing.spans()) {
            String node = (String) span.attributes().get("aegis.node");
            assertTrue(span.ended(), span + " ended");
            if (node != null) {
                assertEquals(PHASES, span.events(), node + " went through the phases");
                assertEquals(decided.join().sequence(), span.attributes().get("aegis.decision.sequence"));
                assertEquals(span.context(), handedOn.get(node + " traced"), node + " handed the trace on");
            }
        }
        assertEquals(5, tracing.spans().size(), "the untraced proposal started no span: " + tracing.spans());
        assertEquals(4, handedOn.size(), "only the traced decision comes with a trace: " + handedOn.keySet());
    }

    @Test
    void aStoppedReplicaEndsTheSpansOfWhatItWasOrdering() {
        Cluster c = new Cluster(4);
        RecordingTracing tracing = traced(c);
        c.crash(2);
        c.crash(3);
        TraceSpan call = tracing.start("POST /api/v1/proposals", SpanKind.SERVER, null);
        CompletableFuture<Decision> stuck = proposeIn(call, c, 1, "stuck");
        c.run(Duration.ofMillis(100));
        assertFalse(stuck.isDone(), "two of four cannot decide");
        c.replica(1).stop();
        c.settle();
        RecordedSpan request = tracing.spans(RequestTraces.PROPOSE).get(0);
        assertTrue(request.ended());
        assertEquals("the replica stopped", request.failure());
    }
}
