package org.aegis.example.solo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionRules.Refusal;
import org.aegis.api.consensus.DecisionRules;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.api.consensus.Validator;
import org.aegis.testing.Configs;
import org.aegis.testing.FakeNodeIdentity;
import org.aegis.testing.InMemoryStore;
import org.aegis.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The solo engine: order, persistence, rules, delivery, and its threads. */
class SoloConsensusEngineTest {
    private static final String SELF = "12D3KooWSoloNodeForTests";
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final InMemoryStore store = new InMemoryStore();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<SoloConsensusEngine> started = new ArrayList<>();


    private SoloConsensusEngine engine(Map<String, Object> config) {
        SoloConsensusEngine engine = new SoloConsensusEngine(Configs.of(SoloConsensusEngine.Config.class, config),
                new FakeNodeIdentity(SELF), store, clock);
        started.add(engine);
        return engine;
    }

    private SoloConsensusEngine engine() {
        return engine(Map.of());
    }

    @AfterEach
    void stopEngines() {
        started.forEach(SoloConsensusEngine::deactivate);
    }

    private static Proposal proposal(String id, String payload) {
        return new Proposal(id, "config", payload.getBytes(StandardCharsets.UTF_8), "tester");
    }

    private static Decision decided(SoloConsensusEngine engine, Proposal proposal) {
        return engine.propose(proposal).toCompletableFuture().orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    private static Throwable failure(SoloConsensusEngine engine, Proposal proposal) {
        CompletableFuture<Decision> stage = engine.propose(proposal).toCompletableFuture();
        return assertThrows(CompletionException.class, () -> stage.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join())
                .getCause();
    }

    @Test
    void decidesEachProposalAtOnceInOrder() {
        SoloConsensusEngine engine = engine();
        List<CompletableFuture<Decision>> stages = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            stages.add(engine.propose(proposal("p" + i, "v" + i)).toCompletableFuture());
        }

        for (int i = 1; i <= 20; i++) {
            Decision decision = stages.get(i - 1).orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
            assertEquals(i, decision.sequence());
            assertEquals("p" + i, decision.proposal().id());
            assertEquals(0, decision.view());
            assertEquals(clock.instant(), decision.decidedAt());
        }
        assertEquals(20, engine.lastCommitted());
        assertEquals(List.of(3L, 4L, 5L), engine.decisions(3, 3).stream().map(Decision::sequence).toList());
        assertEquals(List.of(), engine.decisions(21, 10));
        assertEquals(List.of(), engine.decisions(1, 0));
    }

    @Test
    void aRetryGetsTheSameDecisionAndOtherContentIsRejected() {
        SoloConsensusEngine engine = engine();
        Decision first = decided(engine, proposal("a", "1"));

        Decision retried = decided(engine, proposal("a", "1"));
        assertEquals(first.sequence(), retried.sequence());
        assertEquals(first.decidedAt(), retried.decidedAt());
        Throwable conflict = failure(engine, proposal("a", "2"));
        assertInstanceOf(IllegalArgumentException.class, conflict);
        assertTrue(conflict.getMessage().contains("other content"), conflict.getMessage());
        assertEquals(1, engine.lastCommitted());
        // a conflicting retry does not hide the decision
        assertEquals(ProposalStatus.State.DECIDED, engine.status("a").orElseThrow().state());
    }

    @Test
    void decisionsSurviveANewInstanceOnTheSameStore() {
        SoloConsensusEngine before = engine();
        decided(before, proposal("a", "1"));
        decided(before, proposal("b", "2"));
        before.deactivate();

        SoloConsensusEngine after = engine();
        assertEquals(2, after.lastCommitted());
        assertEquals(List.of("a", "b"), after.decisions(1, 10).stream().map(d -> d.proposal().id()).toList());
        assertEquals("2", new String(after.decisions(2, 1).get(0).proposal().payload(), StandardCharsets.UTF_8));
        assertEquals(3, decided(after, proposal("c", "3")).sequence());
        assertEquals(ProposalStatus.State.DECIDED, after.status("a").orElseThrow().state());
        assertEquals(1, after.status("a").orElseThrow().sequence());
    }

    @Test
    void aRefusalOfTheDecisionRulesRejectsTheProposal() {
        SoloConsensusEngine engine = engine();
        engine.bindDecisionRules(p -> p.kind().equals("config") && p.payload().length == 0
                ? Optional.of(new Refusal(DecisionRules.Reason.MALFORMED, "a config change needs a payload"))
                : Optional.empty());
        engine.bindDecisionRules(p -> {
            throw new IllegalStateException("rules out of order");
        });

        Throwable refused = failure(engine, proposal("empty", ""));
        assertInstanceOf(IllegalArgumentException.class, refused);
        assertTrue(refused.getMessage().contains("a config change needs a payload"), refused.getMessage());
        ProposalStatus status = engine.status("empty").orElseThrow();
        assertEquals(ProposalStatus.State.REJECTED, status.state());
        assertEquals(refused.getMessage(), status.reason());
        assertEquals(0, engine.lastCommitted());

        // a rules service that throws refuses as well
        Throwable failed = failure(engine, proposal("other", "x"));
        assertTrue(failed.getMessage().contains("rules out of order"), failed.getMessage());
        assertEquals(Optional.empty(), engine.status("never-proposed"));
    }

    @Test
    void badProposalsAndConfigurationsGetAClearError() {
        SoloConsensusEngine engine = engine();
        assertInstanceOf(IllegalArgumentException.class, failure(engine, new Proposal("", "k", new byte[0], "me")));
        assertInstanceOf(IllegalArgumentException.class, failure(engine, new Proposal("x", "k", null, "me")));
        assertInstanceOf(IllegalArgumentException.class,
                failure(engine, new Proposal("x", "k", new byte[SoloConsensusEngine.MAX_PAYLOAD_BYTES + 1], "me")));
        var refused = assertThrows(IllegalArgumentException.class, () -> engine(Map.of("maxPending", 0)));
        assertTrue(refused.getMessage().contains("maxPending"), refused.getMessage());
    }

    @Test
    void listenersReceiveEveryDecisionInOrderOnTheDeliveryThread() throws InterruptedException {
        SoloConsensusEngine engine = engine();
        List<Long> received = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        engine.bindDecisionListener(d -> {
            throw new IllegalStateException("a failing listener does not stop the others");
        });
        engine.bindDecisionListener(d -> {
            synchronized (received) {
                received.add(d.sequence());
                threads.add(Thread.currentThread().getName());
            }
            three.countDown();
        });

        for (String id : List.of("a", "b", "c")) {
            engine.propose(proposal(id, id));
        }

        assertTrue(three.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        synchronized (received) {
            assertEquals(List.of(1L, 2L, 3L), received);
            assertEquals(List.of(SoloConsensusEngine.DELIVERY_THREAD), threads.stream().distinct().toList());
        }
    }

    @Test
    void thisNodeIsTheOnlyValidatorInViewZero() {
        SoloConsensusEngine engine = engine();
        assertEquals(List.of(new Validator(SELF, 1)), engine.validators().validators());
        assertEquals(1, engine.validators().totalWeight());
        assertEquals(0, engine.view());
        decided(engine, proposal("a", "1"));
        var state = engine.state();
        assertEquals(SELF, state.primary());
        assertEquals(1, state.lastCommitted());
        assertFalse(state.viewChangeInProgress());
    }

    @Test
    void deactivateDeliversWhatWasDecidedStopsItsThreadsAndRefusesLaterProposals() {
        SoloConsensusEngine engine = engine();
        List<Long> received = new ArrayList<>();
        engine.bindDecisionListener(d -> {
            synchronized (received) {
                received.add(d.sequence());
            }
        });
        decided(engine, proposal("a", "1"));

        engine.deactivate();

        synchronized (received) {
            assertEquals(List.of(1L), received);
        }
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive()
                && t.getName().startsWith(SoloConsensusEngine.ENGINE_THREAD)), "an engine thread is left");
        assertInstanceOf(IllegalStateException.class, failure(engine, proposal("b", "2")));
        assertEquals(1, engine.decisions(1, 10).size());
    }
}
