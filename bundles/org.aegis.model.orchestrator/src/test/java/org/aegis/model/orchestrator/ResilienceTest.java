package org.aegis.model.orchestrator;

import static org.aegis.model.orchestrator.RouterFixture.await;
import static org.aegis.model.orchestrator.RouterFixture.failure;
import static org.aegis.model.orchestrator.RoutingTest.HELLO;
import static org.aegis.model.orchestrator.RoutingTest.chat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.Embeddings;
import org.aegis.api.model.ModelException.Reason;
import org.aegis.api.model.ModelException;
import org.aegis.api.node.HealthState;
import org.aegis.api.router.ProviderStatus.Circuit;
import org.junit.jupiter.api.Test;

class ResilienceTest {

    @Test
    void failsOverToTheNextProviderOfTheSameModel() throws Exception {
        try (RouterFixture f = new RouterFixture()) {
            f.add(new FakeProvider("a", "m").failing("connection refused"), 10, false);
            f.add(new FakeProvider("b", "m"));
            assertEquals("answer from b", await(f.router.chat(chat("m"))).message().content());
            assertEquals(1, f.status("a").errors());
            assertEquals("IllegalStateException: connection refused", f.status("a").lastError());
            assertEquals(0, f.status("b").errors());
            assertNull(f.status("b").lastError());
        }
    }

    @Test
    void followsTheFallbackChainWhenEveryProviderOfAModelFails() throws Exception {
        try (RouterFixture f = new RouterFixture(Map.of("fallback",
                new String[] {"gpt-4o -> gpt-4o-mini -> aegis-local-char"}))) {
            f.add(new FakeProvider("openai", "gpt-4o", "gpt-4o-mini").failing("HTTP 500"));
            FakeProvider local = f.add(new FakeProvider("local", "aegis-local-char"));
            ChatCompletion answer = await(f.router.chat(chat("gpt-4o")));
            assertEquals("aegis-local-char", answer.model());
            assertEquals("aegis-local-char", local.chatRequests.get(0).model());
            assertEquals(2, f.status("openai").errors());

            f.remove(local);
            ModelException none = failure(f.router.chat(chat("gpt-4o")));
            assertEquals(Reason.UNAVAILABLE, none.reason());
            assertTrue(none.getMessage().contains("fallback 'aegis-local-char': no provider serves it"),
                    none.getMessage());
        }
    }

    @Test
    void aModelWithAFallbackIsRoutedEvenWhenNoProviderServesIt() throws Exception {
        try (RouterFixture f = new RouterFixture(Map.of("fallback", new String[] {"gpt-4o-mini -> local"}))) {
            f.add(new FakeProvider("l", "local"));
            assertEquals("local", await(f.router.chat(chat("gpt-4o-mini"))).model());
        }
    }

    @Test
    void breakerOpensSkipsTheProviderAndClosesAfterASuccessfulTrial() throws Exception {
        try (RouterFixture f = new RouterFixture(Map.of("breakerConsecutiveFailures", 2, "breakerCooldownMs", 10_000L))) {
            FakeProvider flaky = f.add(new FakeProvider("flaky", "m").failing("boom"), 10, false);
            FakeProvider steady = f.add(new FakeProvider("steady", "m"));
            await(f.router.chat(chat("m")));
            await(f.router.chat(chat("m")));
            assertEquals(Circuit.OPEN, f.status("flaky").circuit());
            HealthState flakyHealth = f.health.stream().filter(h -> h.component().equals("model-provider:flaky"))
                    .findFirst().orElseThrow().health().state();
            assertEquals(HealthState.DOWN, flakyHealth);

            await(f.router.chat(chat("m")));
            assertEquals(2, flaky.chatRequests.size(), "an open circuit is skipped");
            assertEquals(3, steady.chatRequests.size());

            f.clock.advance(Duration.ofSeconds(10));
            assertEquals(Circuit.HALF_OPEN, f.status("flaky").circuit());
            assertEquals(HealthState.DEGRADED, f.health.get(0).health().state());
            flaky.chat = request -> CompletableFuture.completedFuture(flaky.reply(request));
            assertEquals("answer from flaky", await(f.router.chat(chat("m"))).message().content());
            assertEquals(Circuit.CLOSED, f.status("flaky").circuit());
        }
    }

    @Test
    void halfOpenLetsOneTrialThroughWhileOthersGoElsewhere() throws Exception {
        try (RouterFixture f = new RouterFixture(Map.of("breakerConsecutiveFailures", 1, "breakerCooldownMs", 1000L))) {
            FakeProvider flaky = f.add(new FakeProvider("flaky", "m").failing("boom"), 10, false);
            f.add(new FakeProvider("steady", "m"));
            await(f.router.chat(chat("m")));
            f.clock.advance(Duration.ofSeconds(1));
            flaky.holding();
            CompletionStage<ChatCompletion> trial = f.router.chat(chat("m"));
            RoutingTest.waitForCalls(flaky, new FakeProvider("none"), 2);
            assertEquals("answer from steady", await(f.router.chat(chat("m"))).message().content());
            flaky.held.get(0).complete(flaky.reply(chat("m")));
            assertEquals("answer from flaky", await(trial).message().content());
            assertEquals(Circuit.CLOSED, f.status("flaky").circuit());
        }
    }

    @Test
    void bulkheadRefusesExcessRequestsInsteadOfQueueingThem() throws Exception {
        try (RouterFixture f = new RouterFixture(Map.of("modelLimits", new String[] {"m: maxConcurrent=2"}))) {
            FakeProvider p = f.add(new FakeProvider("p", "m").holding());
            FakeProvider q = f.add(new FakeProvider("q", "other").holding());
            CompletionStage<ChatCompletion> first = f.router.chat(chat("m"));
            CompletionStage<ChatCompletion> second = f.router.chat(chat("m"));
            ModelException third = failure(f.router.chat(chat("m")));
            assertEquals(Reason.LIMIT_EXCEEDED, third.reason());
            assertTrue(third.getMessage().contains("limit of 2 concurrent"), third.getMessage());
            CompletionStage<ChatCompletion> other = f.router.chat(chat("other"));
            RoutingTest.waitForCalls(p, q, 3);
            assertEquals(1, q.held.size(), "another model has its own bulkhead");

            p.held.get(0).complete(p.reply(chat("m")));
            await(CompletableFuture.anyOf(first.toCompletableFuture(), second.toCompletableFuture()));
            CompletionStage<ChatCompletion> fourth = f.router.chat(chat("m"));
            RoutingTest.waitForCalls(p, q, 4);
            p.held.forEach(h -> h.complete(p.reply(chat("m"))));
            q.held.forEach(h -> h.complete(q.reply(chat("other"))));
            for (CompletionStage<ChatCompletion> stage : List.of(first, second, fourth, other)) {
                await(stage);
            }
        }
    }

    @Test
    void aHangingProviderTimesOutWhileAnotherModelKeepsAnsweringFast() throws Exception {
        try (RouterFixture f = new RouterFixture(Map.of("modelLimits", new String[] {"slow: timeoutMs=300"}))) {
            CountDownLatch release = new CountDownLatch(1);
            FakeProvider hang = f.add(new FakeProvider("hang", "slow"));
            hang.chat = request -> {
                try {
                    release.await(); // blocks inside the call: the caller must not notice
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new CompletableFuture<>();
            };
            f.add(new FakeProvider("fast", "quick"));
            try {
                long start = System.nanoTime();
                CompletionStage<ChatCompletion> slow = f.router.chat(chat("slow"));
                CompletionStage<ChatCompletion> slow2 = f.router.chat(chat("slow"));
                assertTrue(System.nanoTime() - start < 100_000_000L, "chat() returned at once");
                for (int i = 0; i < 20; i++) {
                    long t = System.nanoTime();
                    await(f.router.chat(chat("quick")));
                    assertTrue(System.nanoTime() - t < 100_000_000L, "the other model answers fast");
                }
                ModelException timeout = failure(slow);
                assertEquals(Reason.TIMEOUT, timeout.reason());
                assertTrue(timeout.getMessage().contains("no answer within 300 ms"), timeout.getMessage());
                assertEquals(Reason.TIMEOUT, failure(slow2).reason());
                assertEquals(2, f.status("hang").errors());
                assertEquals(0, f.status("hang").outstanding());
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void theDeadlineBoundsTheWholeRequestAcrossFailovers() throws Exception {
        try (RouterFixture f = new RouterFixture(Map.of("timeoutMs", 200L, "deadlineMs", 300L))) {
            f.add(new FakeProvider("a", "m").holding());
            f.add(new FakeProvider("b", "m").holding());
            f.add(new FakeProvider("c", "m").holding());
            long start = System.nanoTime();
            ModelException e = failure(f.router.chat(chat("m")));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(Reason.TIMEOUT, e.reason());
            assertTrue(millis >= 290 && millis < 1500, "ended after " + millis + " ms");
        }
    }

    @Test
    void garbageAnswersFailOverAndAreCounted() throws Exception {
        List<Function<ChatRequest, CompletionStage<ChatCompletion>>> garbage = List.of(
                request -> null,
                request -> CompletableFuture.completedFuture(null),
                request -> CompletableFuture.completedFuture(new ChatCompletion("m", null, "stop", 1, 1)),
                request -> CompletableFuture.completedFuture(
                        new ChatCompletion("m", new ChatMessage("assistant", "x"), "stop", -1, 1)),
                request -> {
                    throw new IllegalStateException("thrown synchronously");
                });
        for (var answer : garbage) {
            try (RouterFixture f = new RouterFixture()) {
                FakeProvider bad = f.add(new FakeProvider("bad", "m"), 10, false);
                bad.chat = answer;
                FakeProvider good = f.add(new FakeProvider("good", "m"));
                assertEquals("answer from good", await(f.router.chat(chat("m"))).message().content());
                assertEquals(1, f.status("bad").errors());
                f.remove(good);
                ModelException alone = failure(f.router.chat(chat("m")));
                assertEquals(Reason.UNAVAILABLE, alone.reason());
                assertTrue(alone.getMessage().startsWith("model 'm' could not answer: bad: "), alone.getMessage());
            }
        }
    }

    @Test
    void garbageEmbeddingsAreRefused() throws Exception {
        List<Function<EmbeddingRequest, CompletionStage<Embeddings>>> garbage = List.of(
                request -> CompletableFuture.completedFuture(new Embeddings("e", List.of(List.of(1.0)), 1)),
                request -> CompletableFuture.completedFuture(
                        new Embeddings("e", List.of(List.of(1.0), List.of(Double.NaN)), 1)),
                request -> CompletableFuture.completedFuture(
                        new Embeddings("e", List.of(List.of(1.0), List.of(1.0, 2.0)), 1)));
        for (var answer : garbage) {
            try (RouterFixture f = new RouterFixture()) {
                FakeProvider bad = f.add(new FakeProvider("bad").withModel("e", Capability.EMBEDDINGS));
                bad.embed = answer;
                ModelException e = failure(f.router.embed(new EmbeddingRequest("e", List.of("a", "b"))));
                assertEquals(Reason.UNAVAILABLE, e.reason());
                assertTrue(f.status("bad").lastError().startsWith("bad answer: "), f.status("bad").lastError());
            }
        }
    }

    @Test
    void aProvidersBadRequestGoesToTheClientWithoutFailover() throws Exception {
        try (RouterFixture f = new RouterFixture(Map.of("breakerConsecutiveFailures", 1))) {
            FakeProvider strict = f.add(new FakeProvider("strict", "m"), 10, false);
            strict.chat = request -> CompletableFuture.failedFuture(
                    new ModelException(Reason.BAD_REQUEST, "prompt longer than the context"));
            FakeProvider other = f.add(new FakeProvider("other", "m"));
            ModelException e = failure(f.router.chat(chat("m")));
            assertEquals(Reason.BAD_REQUEST, e.reason());
            assertTrue(e.getMessage().contains("prompt longer than the context"), e.getMessage());
            assertEquals(0, other.chatRequests.size());
            assertEquals(Circuit.CLOSED, f.status("strict").circuit());
        }
    }

    @Test
    void providersComeAndGoWhileRequestsAreInFlight() throws Exception {
        try (RouterFixture f = new RouterFixture()) {
            assertEquals(Reason.MODEL_NOT_FOUND, failure(f.router.chat(chat("m"))).reason());
            FakeProvider first = f.add(new FakeProvider("first", "m").holding(), 10, false);
            assertEquals(List.of("m"), f.router.models().stream().map(m -> m.id()).toList());
            CompletionStage<ChatCompletion> inFlight = f.router.chat(chat("m"));
            RoutingTest.waitForCalls(first, new FakeProvider("none"), 1);
            f.add(new FakeProvider("second", "m"));
            f.remove(first);
            assertEquals("answer from second", await(inFlight).message().content());
            assertEquals(List.of("second"), f.router.providers().stream().map(p -> p.id()).toList());
        }
    }

    @Test
    void deactivationFailsRequestsInFlightAndLeavesNoThread() throws Exception {
        RouterFixture f = new RouterFixture();
        FakeProvider p = f.add(new FakeProvider("p", "m").holding());
        CompletionStage<ChatCompletion> inFlight = f.router.chat(chat("m"));
        RoutingTest.waitForCalls(p, new FakeProvider("none"), 1);
        f.close();
        assertEquals(Reason.UNAVAILABLE, failure(inFlight).reason());
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("aegis-model-"))) {
            assertTrue(System.nanoTime() < end, "router threads still running");
            Thread.sleep(10);
        }
    }
}
