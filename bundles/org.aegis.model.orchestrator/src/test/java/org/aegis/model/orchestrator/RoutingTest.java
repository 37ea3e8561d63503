package org.aegis.model.orchestrator;

import static org.aegis.model.orchestrator.RouterFixture.await;
import static org.aegis.model.orchestrator.RouterFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.ModelException.Reason;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.node.HealthState;
import org.aegis.testing.CollectedMetrics;
import org.junit.jupiter.api.Test;

class RoutingTest {
    static final String DURATION = "aegis_model_request_duration_seconds";
    static final List<ChatMessage> HELLO = List.of(new ChatMessage("user", "hello"));

    static ChatRequest chat(String model) {
        return new ChatRequest(model, HELLO, 0, 0.7);
    }

    @Test
    void routesByModelAndCapability() throws Exception {
        try (RouterFixture f = new RouterFixture()) {
            f.add(new FakeProvider("remote", "gpt-4o-mini"));
            FakeProvider local = f.add(new FakeProvider("local", "aegis-local-char")
                    .withModel("aegis-embed", Capability.EMBEDDINGS), 0, true);

            assertEquals("answer from remote", await(f.router.chat(chat("gpt-4o-mini"))).message().content());
            assertEquals("answer from local", await(f.router.chat(chat("aegis-local-char"))).message().content());
            var embeddings = await(f.router.embed(new EmbeddingRequest("aegis-embed", List.of("a", "b"))));
            assertEquals(2, embeddings.vectors().size());
            assertEquals(1, local.chatRequests.size());

            assertEquals(Reason.BAD_REQUEST, failure(f.router.embed(
                    new EmbeddingRequest("gpt-4o-mini", List.of("a")))).reason());
            var unknown = failure(f.router.chat(chat("gpt-5")));
            assertEquals(Reason.MODEL_NOT_FOUND, unknown.reason());
            assertTrue(unknown.getMessage().contains("[aegis-local-char, gpt-4o-mini]"), unknown.getMessage());
        }
    }

    @Test
    void answerTimesAreReportedByModelAndProviderUntilTheProviderLeaves() throws Exception {
        try (RouterFixture f = new RouterFixture()) {
            FakeProvider remote = f.add(new FakeProvider("remote", "gpt-4o-mini")
                    .withModel("gpt-4o", Capability.CHAT));
            await(f.router.chat(chat("gpt-4o-mini")));
            await(f.router.chat(chat("gpt-4o-mini")));
            await(f.router.chat(chat("gpt-4o")));

            CollectedMetrics metrics = CollectedMetrics.of(f.router);
            assertEquals(2, metrics.histogram(DURATION, Map.of("model", "gpt-4o-mini", "provider", "remote")).count());
            assertEquals(1, metrics.histogram(DURATION, Map.of("model", "gpt-4o", "provider", "remote")).count());

            f.remove(remote);
            assertFalse(CollectedMetrics.of(f.router)
                    .contains(DURATION, Map.of("model", "gpt-4o", "provider", "remote")));
        }
    }

    @Test
    void modelsAreListedOncePerIdWithTheCapabilitiesOfAllProviders() {
        try (RouterFixture f = new RouterFixture()) {
            f.add(new FakeProvider("a", "m").withModel("e", Capability.EMBEDDINGS), 5, false);
            f.add(new FakeProvider("b", "m").withModel("e", Capability.CHAT), 0, false);
            assertEquals(List.of(new ModelInfo("e", "a", Set.of("chat", "embeddings")),
                    new ModelInfo("m", "a", Set.of("chat"))), f.router.models());
        }
    }

    @Test
    void defaultModelIsTheConfiguredOneElseTheFirstLocalOne() throws Exception {
        try (RouterFixture f = new RouterFixture()) {
            f.add(new FakeProvider("remote", "gpt-4o-mini"));
            assertEquals(Reason.MODEL_NOT_FOUND, failure(f.router.chat(chat("default"))).reason());
            f.add(new FakeProvider("local", "aegis-local-char"), 0, true);
            assertEquals("aegis-local-char", await(f.router.chat(chat("default"))).model());
            assertEquals("aegis-local-char", await(f.router.chat(chat(""))).model());
            assertEquals("aegis-local-char", await(f.router.chat(chat(null))).model());
        }
        try (RouterFixture f = new RouterFixture(Map.of("defaultModel", "gpt-4o-mini"))) {
            f.add(new FakeProvider("remote", "gpt-4o-mini"));
            f.add(new FakeProvider("local", "aegis-local-char"), 0, true);
            assertEquals("gpt-4o-mini", await(f.router.chat(chat("default"))).model());
        }
    }

    @Test
    void balancesByLeastOutstandingRequests() throws Exception {
        try (RouterFixture f = new RouterFixture()) {
            FakeProvider a = f.add(new FakeProvider("a", "m").holding());
            FakeProvider b = f.add(new FakeProvider("b", "m").holding());
            List<CompletionStage<ChatCompletion>> pending = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                pending.add(f.router.chat(chat("m")));
                waitForCalls(a, b, i + 1);
            }
            assertEquals(3, a.held.size());
            assertEquals(3, b.held.size());
            assertEquals(3, f.status("a").outstanding());
            a.held.forEach(h -> h.complete(a.reply(chat("m"))));
            for (int i = 0; i < 2; i++) {
                pending.add(f.router.chat(chat("m")));
                waitForCalls(a, b, 7 + i);
            }
            assertEquals(5, a.held.size(), "the idle provider takes the new requests");
            b.held.forEach(h -> h.complete(b.reply(chat("m"))));
            a.held.forEach(h -> h.complete(a.reply(chat("m"))));
            for (CompletionStage<ChatCompletion> stage : pending) {
                await(stage);
            }
            assertEquals(0, f.status("a").outstanding());
            assertEquals(5, f.status("a").requests());
            assertEquals(35, f.status("a").completionTokens());
            assertEquals(25, f.status("a").promptTokens());
        }
    }

    @Test
    void tiesGoToTheHigherRankingThenTheSmallerId() throws Exception {
        try (RouterFixture f = new RouterFixture()) {
            f.add(new FakeProvider("b", "m"), 0, false);
            f.add(new FakeProvider("c", "m"), 0, false);
            assertEquals("answer from b", await(f.router.chat(chat("m"))).message().content());
            f.add(new FakeProvider("z", "m"), 10, false);
            assertEquals("answer from z", await(f.router.chat(chat("m"))).message().content());
        }
    }

    @Test
    void requestsAreCheckedAndTokenLimitsApplied() throws Exception {
        try (RouterFixture f = new RouterFixture(Map.of("maxTokens", 500, "modelLimits",
                new String[] {"small: maxTokens=100"}, "fallback", new String[] {"big -> small"}))) {
            FakeProvider big = f.add(new FakeProvider("big", "big").failing("down"));
            FakeProvider small = f.add(new FakeProvider("small", "small"));
            assertEquals(Reason.BAD_REQUEST, failure(f.router.chat(new ChatRequest("big", List.of(), 0, 0))).reason());
            assertEquals(Reason.BAD_REQUEST, failure(f.router.chat(new ChatRequest("big", HELLO, -1, 0))).reason());
            assertEquals(Reason.BAD_REQUEST, failure(f.router.chat(new ChatRequest("big", HELLO, 1, Double.NaN)))
                    .reason());
            var over = failure(f.router.chat(new ChatRequest("big", HELLO, 501, 0)));
            assertEquals(Reason.BAD_REQUEST, over.reason());
            assertTrue(over.getMessage().contains("limit of 500"), over.getMessage());

            await(f.router.chat(new ChatRequest("big", HELLO, 0, 0)));
            assertEquals(500, big.chatRequests.get(0).maxTokens(), "no max_tokens: the model's limit");
            assertEquals(100, small.chatRequests.get(0).maxTokens(), "the fallback's lower limit applies");
            assertEquals("small", small.chatRequests.get(0).model());
        }
    }

    @Test
    void routerHealthIsDownWithoutProvidersAndEachProviderIsPublished() {
        try (RouterFixture f = new RouterFixture()) {
            assertEquals(HealthState.DOWN, f.router.health().state());
            FakeProvider a = f.add(new FakeProvider("a", "m"));
            assertEquals(HealthState.UP, f.router.health().state());
            assertEquals(1, f.health.size());
            assertEquals("model-provider:a", f.health.get(0).component());
            assertEquals(HealthState.UP, f.health.get(0).health().state());
            f.remove(a);
            assertEquals(0, f.health.size());
            assertEquals(HealthState.DOWN, f.router.health().state());
        }
    }

    static void waitForCalls(FakeProvider a, FakeProvider b, int calls) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (a.chatRequests.size() + b.chatRequests.size() < calls) {
            if (System.nanoTime() > end) {
                throw new AssertionError("providers got " + (a.chatRequests.size() + b.chatRequests.size())
                        + " calls, expected " + calls);
            }
            Thread.sleep(1);
        }
    }
}
