package org.aegis.node.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionCodec;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.api.consensus.ValidatorSet;
import org.aegis.api.node.NodeEvent;
import org.aegis.api.node.NodeHealth;
import org.aegis.api.node.NodeService;
import org.aegis.api.node.NodeStatus;
import org.aegis.api.store.Store;
import org.aegis.testing.InMemoryStore;
import org.aegis.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicatedStateMachineTest {
    private static final String PEER = "12D3KooWDpJ7As7BWAwRMfu1VU2WCqNjvq387JEYKDBj4kx6nXTN";

    private final InMemoryStore store = new InMemoryStore();
    private final RecordingNode node = new RecordingNode();
    private final RecordingEffects effects = new RecordingEffects();
    private final List<ReplicatedStateMachine> machines = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (ReplicatedStateMachine machine : machines) {
            machine.deactivate();
        }
    }

    private ReplicatedStateMachine machine() {
        ReplicatedStateMachine machine = new ReplicatedStateMachine(store, node, new MutableClock(Instant.EPOCH), effects);
        machines.add(machine);
        return machine;
    }

    private static Decision decision(long sequence, String kind, String payload) {
        return new Decision(sequence, 0, new Proposal("p" + sequence, kind, payload.getBytes(StandardCharsets.UTF_8), "test"),
                Instant.EPOCH);
    }

    @Test
    void appliesInOrderOnceAndPublishes() {
        ReplicatedStateMachine machine = machine();
        machine.onDecision(decision(1, "note", "{}"));
        machine.onDecision(decision(1, "note", "{}"));
        machine.onDecision(decision(2, "note", "{}"));
        await(() -> machine.applied() == 2);
        await(() -> node.events.size() == 2);
        assertEquals(List.of(1L, 2L), node.events.stream().map(e -> e.data().get("sequence")).toList());
        assertEquals(Outcome.Status.ACCEPTED, machine.outcome(1).orElseThrow().status());
    }

    @Test
    void decisionsThatArriveWhileOneIsAppliedAreAppliedTogetherInOneStoreBatch() {
        ReplicatedStateMachine machine = machine();
        CountDownLatch held = new CountDownLatch(1);
        effects.gate = held;
        int commitsBefore = store.commits();
        machine.onDecision(decision(1, "config", "{\"pid\":\"org.aegis.model.orchestrator\",\"properties\":{}}"));
        for (long n = 2; n <= 11; n++) {
            machine.onDecision(decision(n, "note", "{}"));
        }
        held.countDown();
        await(() -> machine.applied() == 11);
        await(() -> node.events.size() == 11);
        // decision 1 alone (its effect held the apply thread), then the ten that arrived meanwhile: not one each
        assertTrue(store.commits() - commitsBefore <= 2, store.commits() - commitsBefore + " commits");
        assertEquals(LongStream.rangeClosed(1, 11).boxed().toList(),
                node.events.stream().map(e -> e.data().get("sequence")).toList());
    }

    @Test
    void configDecisionMergesIntoConfigAdmin() {
        ReplicatedStateMachine machine = machine();
        machine.onDecision(decision(1, "config", "{\"pid\":\"org.aegis.model.orchestrator\",\"properties\":"
                + "{\"maxTokens\":10,\"defaultModel\":\"x\",\"breakerFailureRate\":0.25,\"fallback\":[\"a -> b\",1]}}"));
        await(() -> machine.applied() == 1);
        Map<String, Object> applied = effects.updates.get("org.aegis.model.orchestrator");
        assertEquals(10L, applied.get("maxTokens"));
        assertEquals("x", applied.get("defaultModel"));
        assertEquals(0.25, applied.get("breakerFailureRate"));
        assertEquals(List.of("a -> b", "1"), List.of((String[]) applied.get("fallback")));
    }

    @Test
    void invalidPayloadsAreRejectedDeterministicallyAndChangeNothing() {
        ReplicatedStateMachine machine = machine();
        machine.onDecision(decision(1, "config", "not json"));
        machine.onDecision(decision(2, "config", "{\"pid\":\"org.apache.karaf.shell\",\"properties\":{\"a\":1}}"));
        machine.onDecision(decision(3, "config", "{\"pid\":\"org.aegis.metrics\",\"properties\":{\"coupling\":{\"b\":1}}}"));
        machine.onDecision(decision(4, "validators", "{\"validators\":[\"no pe\"]}"));
        machine.onDecision(decision(5, "model-version", "{\"model\":\"m\"}"));
        await(() -> machine.applied() == 5);
        assertTrue(effects.updates.isEmpty());
        List<Outcome> outcomes = machine.outcomes(1, 10);
        assertEquals(5, outcomes.size());
        outcomes.forEach(o -> assertEquals(Outcome.Status.REJECTED, o.status(), o.toString()));
        assertTrue(outcomes.get(0).detail().contains("not JSON"), outcomes.get(0).detail());
        assertTrue(outcomes.get(1).detail().contains("AEGIS component"), outcomes.get(1).detail());
        assertTrue(outcomes.get(2).detail().contains("property coupling"), outcomes.get(2).detail());
        assertTrue(outcomes.get(3).detail().contains("peer id"), outcomes.get(3).detail());
        assertTrue(outcomes.get(4).detail().contains("version"), outcomes.get(4).detail());
    }

    @Test
    void modelVersionsAndValidatorsGoToTheRegistry() {
        ReplicatedStateMachine machine = machine();
        machine.onDecision(decision(1, "model-version", "{\"model\":\"m\",\"version\":\"3\",\"digest\":\"abc\"}"));
        machine.onDecision(decision(2, "validators", "{\"validators\":[\"" + PEER + "\"]}"));
        await(() -> machine.applied() == 2);
        String model = new String(store.map(Store.REGISTRY).get("model-version/m").orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(model.contains("\"version\":\"3\"") && model.contains("\"sequence\":1"), model);
        assertTrue(new String(store.map(Store.REGISTRY).get("validators").orElseThrow(), StandardCharsets.UTF_8).contains(PEER));
    }

    @Test
    void aGapIsFilledFromTheEngineLogAndARestartResumesWithoutReapplying() throws InterruptedException {
        FakeEngine engine = new FakeEngine();
        for (long s = 1; s <= 600; s++) {
            engine.log.add(decision(s, "note", "{}"));
        }
        ReplicatedStateMachine first = machine();
        first.onDecision(engine.log.get(0));
        await(() -> first.applied() == 1);
        first.onDecision(engine.log.get(5)); // 2..5 missed, the engine is not bound yet: wait for them
        first.bindEngine(engine);
        await(() -> first.applied() == 600);
        first.deactivate();
        machines.clear();

        int published = node.events.size();
        assertEquals(600, published);
        engine.log.add(decision(601, "note", "{}"));
        ReplicatedStateMachine restarted = machine();
        restarted.bindEngine(engine);
        await(() -> restarted.applied() == 601);
        await(() -> node.events.size() == 601);
        assertEquals(601L, node.events.get(600).data().get("sequence"));
    }

    @Test
    void theJournalHoldsEveryAppliedDecisionAndAnswersWithoutAnEngine() throws InterruptedException {
        FakeEngine engine = new FakeEngine();
        for (long s = 1; s <= 300; s++) {
            engine.log.add(decision(s, "note", "{\"n\":" + s + "}"));
        }
        ReplicatedStateMachine machine = machine();
        machine.bindEngine(engine);
        await(() -> machine.applied() == 300);
        DecisionJournal log = new DecisionJournal(store);
        assertEquals(300, log.lastCommitted());
        List<Decision> read = log.decisions(1, 1000);
        assertEquals(300, read.size());
        for (int i = 0; i < 300; i++) {
            assertSameDecision(engine.log.get(i), read.get(i));
        }
        assertSameDecision(engine.log.get(41), log.decision(42).orElseThrow());
        assertEquals(List.of(), log.decisions(301, 10));
        assertTrue(log.decision(301).isEmpty());
    }

    @Test
    void whileBoundTheLogAddsWhatTheEngineCommittedAndTheNodeHasNotAppliedYet() {
        FakeEngine engine = new FakeEngine();
        engine.log.add(decision(1, "note", "{}"));
        engine.log.add(decision(2, "note", "{}"));
        ReplicatedStateMachine machine = machine();
        machine.onDecision(engine.log.get(0));
        await(() -> machine.applied() == 1);
        DecisionJournal log = new DecisionJournal(store);
        assertEquals(1, log.decisions(1, 10).size());
        log.bindEngine(engine);
        assertEquals(2, log.lastCommitted());
        assertEquals(List.of(1L, 2L), log.decisions(1, 10).stream().map(Decision::sequence).toList());
        assertEquals(2L, log.decision(2).orElseThrow().sequence());
        log.unbindEngine(engine);
        assertEquals(1, log.lastCommitted());
    }

    @Test
    void aJournalThatLacksDecisionsAppliedBeforeItExistedIsBackFilledFromTheEngine() {
        FakeEngine engine = new FakeEngine();
        for (long s = 1; s <= 5; s++) {
            engine.log.add(decision(s, "note", "{}"));
        }
        ReplicatedStateMachine machine = machine();
        machine.bindEngine(engine);
        await(() -> machine.applied() == 5);
        // as a node of the previous version left it: applied up to 5, no journal
        store.write(batch -> {
            for (long s = 1; s <= 5; s++) {
                batch.remove(DecisionJournal.MAP, DecisionJournal.key(s));
            }
        });
        DecisionJournal log = new DecisionJournal(store);
        assertEquals(0, log.lastCommitted());
        engine.log.add(decision(6, "note", "{}"));
        machine.bindEngine(engine);
        await(() -> machine.applied() == 6);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), log.decisions(1, 10).stream().map(Decision::sequence).toList());
    }

    private static void assertSameDecision(Decision expected, Decision actual) {
        assertArrayEquals(DecisionCodec.encode(expected), DecisionCodec.encode(actual), actual.toString());
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 5 s");
            }
            Thread.onSpinWait();
        }
    }

    private static final class RecordingEffects implements Effects {
        final Map<String, Map<String, Object>> updates = new LinkedHashMap<>();
        /** Every configuration change waits until it is open. */
        volatile CountDownLatch gate = new CountDownLatch(0);

        @Override
        public void mergeConfiguration(String pid, Map<String, Object> properties) throws IOException {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            record(pid, properties);
        }

        private synchronized void record(String pid, Map<String, Object> properties) {
            updates.computeIfAbsent(pid, p -> new LinkedHashMap<>()).putAll(properties);
        }
    }

    private static final class RecordingNode implements NodeService {
        final List<NodeEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public NodeStatus status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public NodeHealth health() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void publish(NodeEvent event) {
            events.add(event);
        }
    }

    private static final class FakeEngine implements ConsensusEngine {
        final List<Decision> log = new CopyOnWriteArrayList<>();

        @Override
        public List<Decision> decisions(long fromSequence, int limit) {
            return log.stream().filter(d -> d.sequence() >= fromSequence).limit(limit).toList();
        }

        @Override
        public CompletionStage<Decision> propose(Proposal proposal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ValidatorSet validators() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long view() {
            return 0;
        }

        @Override
        public long lastCommitted() {
            return log.size();
        }

        @Override
        public ConsensusState state() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<ProposalStatus> status(String proposalId) {
            return Optional.empty();
        }
    }
}
