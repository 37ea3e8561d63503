package org.aegis.consensus.pbft.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionListener;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.node.HealthState;
import org.aegis.testing.Configs;
import org.aegis.api.tracing.SpanKind;
import org.aegis.api.tracing.TraceScope;
import org.aegis.api.tracing.TraceSpan;
import org.aegis.testing.InMemoryStore;
import org.aegis.testing.RecordingTracing;
import org.aegis.testing.RecordingTracing.RecordedSpan;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

/** The DS component on real threads, as a network of one without a transport. */
class PbftEngineComponentTest {

    private static NodeIdentity identity() throws GeneralSecurityException {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        return new NodeIdentity() {
            @Override
            public String peerId() {
                return "solo";
            }

            @Override
            public byte[] publicKey() {
                return keys.getPublic().getEncoded();
            }

            @Override
            public byte[] sign(byte[] data) {
                try {
                    Signature s = Signature.getInstance("Ed25519");
                    s.initSign(keys.getPrivate());
                    s.update(data);
                    return s.sign();
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public boolean verify(String peerId, byte[] data, byte[] signature) {
                return false;
            }
        };
    }

    @Test
    void decidesDeliversInOrderAndLeavesNoThreadBehind() throws Exception {
        InMemoryStore store = new InMemoryStore();
        PbftEngineComponent engine = new PbftEngineComponent(Configs.of(PbftEngineConfig.class, Map.of()),
                identity(), store, levels -> levels.stream().map(c -> 100).toList());
        List<Decision> delivered = new CopyOnWriteArrayList<>();
        CountingObjects listener = new CountingObjects(delivered::add);
        engine.bindDecisionListener(listener);
        assertEquals(0, listener.got.get(), "binding a listener does not get (activate) it: no SCR cycle");
        engine.start();
        for (int i = 0; i < 5; i++) {
            Decision d = engine.propose(new Proposal("p" + i, "config", ("v" + i).getBytes(StandardCharsets.UTF_8),
                    "admin")).toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(i + 1, d.sequence());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (delivered.size() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(List.of("p0", "p1", "p2", "p3", "p4"), delivered.stream().map(d -> d.proposal().id()).toList());
        assertEquals(5, engine.lastCommitted());
        assertEquals(1, listener.got.get(), "got once, on the delivery thread, and kept");
        assertEquals(5, engine.decisions(1, 10).size());
        assertEquals(HealthState.UP, engine.health().state());
        engine.deactivate();
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive()
                && (t.getName().equals(PbftEngineComponent.REPLICA_THREAD)
                        || t.getName().equals(PbftEngineComponent.DELIVERY_THREAD))), "threads stopped");

        PbftEngineComponent again = new PbftEngineComponent(Configs.of(PbftEngineConfig.class, Map.of()),
                identity(), store, levels -> levels.stream().map(c -> 100).toList());
        again.start();
        Decision sixth = again.propose(new Proposal("p5", "config", new byte[0], "admin")).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        assertEquals(6, sixth.sequence(), "the decision log continues after a restart");
        assertTrue(again.status("p0").isPresent());
        again.deactivate();
    }

    @Test
    void aTracedDecisionReachesTheListenersInsideItsTrace() throws Exception {
        PbftEngineComponent engine = new PbftEngineComponent(Configs.of(PbftEngineConfig.class, Map.of()),
                identity(), new InMemoryStore(), levels -> levels.stream().map(c -> 100).toList());
        RecordingTracing tracing = new RecordingTracing();
        engine.bindTracing(tracing);
        List<String> seenByListener = new CopyOnWriteArrayList<>();
        engine.bindDecisionListener(new CountingObjects(d -> seenByListener.add(d.proposal().id() + " "
                + tracing.current())));
        engine.start();
        TraceSpan call = tracing.start("POST /api/v1/proposals", SpanKind.SERVER, null);
        CompletionStage<Decision> traced;
        try (TraceScope scope = call.activate()) {
            traced = engine.propose(new Proposal("traced", "note", new byte[0], "admin"));
        }
        traced.toCompletableFuture().get(5, TimeUnit.SECONDS);
        engine.propose(new Proposal("untraced", "note", new byte[0], "admin")).toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (seenByListener.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        engine.deactivate();

        RecordedSpan apply = tracing.spans(PbftEngineComponent.APPLY_SPAN).get(0);
        RecordedSpan request = tracing.spans("pbft.request").get(0);
        assertEquals(request.context(), apply.parent(), "the delivery continues the request's span");
        assertEquals(call.traceparent(), request.parent());
        assertTrue(apply.ended());
        assertEquals(List.of("traced " + apply.context(), "untraced null"), seenByListener,
                "a listener runs inside the delivery's span, and outside any for an untraced decision");
        engine.unbindTracing(tracing);
    }

    /** A listener's service objects, as SCR hands them to the engine, counting how often the service was got. */
    private static final class CountingObjects implements ComponentServiceObjects<DecisionListener> {
        private final DecisionListener listener;
        final AtomicInteger got = new AtomicInteger();

        CountingObjects(DecisionListener listener) {
            this.listener = listener;
        }

        @Override
        public DecisionListener getService() {
            got.incrementAndGet();
            return listener;
        }

        @Override
        public void ungetService(DecisionListener service) {
        }

        @Override
        public ServiceReference<DecisionListener> getServiceReference() {
            return null;
        }
    }
}
