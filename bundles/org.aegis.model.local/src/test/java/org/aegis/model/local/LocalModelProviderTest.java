package org.aegis.model.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.Embeddings;
import org.aegis.api.model.ModelException.Reason;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.node.HealthState;
import org.aegis.testing.InMemoryStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalModelProviderTest {
    private static final String MODEL_ID = "aegis-local-char";
    private final InMemoryStore store = new InMemoryStore();
    private LocalModelProvider provider;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.deactivate();
        }
        assertEquals(List.of(), modelThreads(), "threads left behind");
    }

    @Test
    void trainsInTheBackgroundStoresTheWeightsAndARestartLoadsThem() throws Exception {
        provider = start(Map.of());
        ModelState.Ready first = awaitReady(provider);
        assertTrue(first.origin().startsWith("trained in"), first.origin());
        assertEquals(1, store.commits());
        assertEquals(new ModelInfo(MODEL_ID, "local", Set.of("chat", "embeddings")), provider.models().get(0));
        assertEquals(HealthState.UP, provider.health().state());
        assertEquals("model.local", provider.health().component());
        ChatCompletion reply = get(provider.chat(chat("FAME, n.", 80, 0)));
        Embeddings vectors = get(provider.embed(new EmbeddingRequest(MODEL_ID, List.of("vanity", "pride"))));
        provider.deactivate();

        provider = start(Map.of());
        ModelState.Ready second = awaitReady(provider);
        assertEquals("loaded from the store", second.origin());
        assertEquals(1, store.commits(), "a load writes nothing");
        assertEquals(reply, get(provider.chat(chat("FAME, n.", 80, 0))));
        assertEquals(vectors, get(provider.embed(new EmbeddingRequest(null, List.of("vanity", "pride")))));
    }

    /** The router asks for its own limit (4096 by default) when a client gives no max_tokens: that must work. */
    @Test
    void maxTokensAboveTheLimitIsCutToTheLimit() throws Exception {
        provider = start(Map.of("maxTokensLimit", 20, "defaultMaxTokens", 10));
        awaitReady(provider);
        for (int i = 0; i < 5; i++) {
            ChatCompletion reply = get(provider.chat(chat("WAR, n.", 4096, 1.0)));
            assertTrue(reply.completionTokens() <= 20, reply.toString());
        }
    }

    @Test
    void chatReplyCountsCharactersAsTokens() throws Exception {
        provider = start(Map.of());
        awaitReady(provider);
        ChatCompletion reply = get(provider.chat(new ChatRequest(MODEL_ID,
                List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "WAR, n.")), 30, 0.8)));
        assertEquals(MODEL_ID, reply.model());
        assertEquals("assistant", reply.message().role());
        assertEquals("Be brief.\n\nWAR, n.".length(), reply.promptTokens());
        assertTrue(reply.completionTokens() >= reply.message().content().length() && reply.completionTokens() <= 30,
                reply.toString());
        assertTrue(Set.of("stop", "length").contains(reply.finishReason()), reply.finishReason());

        Embeddings embeddings = get(provider.embed(new EmbeddingRequest(MODEL_ID, List.of("ab", "cde"))));
        assertEquals(5, embeddings.promptTokens());
        assertEquals(2, embeddings.vectors().size());
        assertEquals(TinyModels.SETTINGS.hidden(), embeddings.vectors().get(1).size());
    }

    @Test
    void requestsDuringTrainingFailFastWithTheProgressAndDeactivateStopsTraining() throws Exception {
        provider = start(Map.of("trainingSteps", 5_000_000));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(provider.state() instanceof ModelState.Training t && t.progress().step() > 0)) {
            assertTrue(System.nanoTime() < deadline, "training did not start: " + provider.state());
            Thread.sleep(5);
        }
        ModelException busy = failure(provider.chat(chat("hello", 10, 0)));
        assertEquals(Reason.UNAVAILABLE, busy.reason());
        assertTrue(busy.getMessage().matches("model training, \\d+% done .*"), busy.getMessage());
        assertEquals(Reason.UNAVAILABLE, failure(provider.embed(new EmbeddingRequest(null, List.of("x")))).reason());
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        provider.chatStream(chat("hello", 10, 0)).subscribe(subscriber);
        assertEquals(Reason.UNAVAILABLE, streamFailure(subscriber).reason());
        assertEquals(HealthState.UP, provider.health().state());
        assertTrue(provider.health().detail().startsWith("model training"), provider.health().detail());

        long stopping = System.nanoTime();
        provider.deactivate();
        assertTrue(System.nanoTime() - stopping < TimeUnit.SECONDS.toNanos(2), "training did not stop promptly");
        assertInstanceOf(ModelState.Failed.class, provider.state());
        assertEquals(0, store.commits());
        provider = null;
    }

    @Test
    void otherTrainingSettingsOrAnUnreadableStoredModelTrainAgain() throws Exception {
        store.preload(ModelBootstrap.MAP, ModelBootstrap.KEY, new byte[] {1, 2, 3});
        provider = start(Map.of());
        assertTrue(awaitReady(provider).origin().startsWith("trained"));
        provider.deactivate();
        CharModel stored = ModelCodec.decode(store.map(ModelBootstrap.MAP).get(ModelBootstrap.KEY).orElseThrow());
        assertEquals(TinyModels.MODEL, stored);

        provider = start(Map.of("seed", 8L));
        assertTrue(awaitReady(provider).origin().startsWith("trained"));
        assertEquals(2, store.commits());
    }

    @Test
    void badRequestsAreRefusedWithAClearMessage() throws Exception {
        provider = start(Map.of("maxInputChars", 50, "maxTokensLimit", 500, "maxEmbeddingInputs", 2));
        awaitReady(provider);
        assertBad("messages must not be empty", new ChatRequest(MODEL_ID, List.of(), 10, 0));
        assertBad("messages must not be empty", new ChatRequest(MODEL_ID, null, 10, 0));
        assertBad("max_tokens must be at least 0", chat("hi", -1, 0));
        assertBad("temperature must be in [0, 2.0]", chat("hi", 10, 2.5));
        assertBad("temperature must be in [0, 2.0]", chat("hi", 10, Double.NaN));
        assertBad("prompt has 51 characters, at most 50", chat("x".repeat(51), 10, 0));
        assertBad("messages[0] has role robot", new ChatRequest(null,
                List.of(new ChatMessage("robot", "hi")), 10, 0));
        assertBad("messages[1] has no content", new ChatRequest(null,
                List.of(new ChatMessage("user", "hi"), new ChatMessage("user", null)), 10, 0));
        assertBad("no text to continue", chat("  \n ", 10, 0));
        assertEquals(Reason.MODEL_NOT_FOUND, failure(provider.chat(new ChatRequest("gpt-9",
                List.of(new ChatMessage("user", "hi")), 10, 0))).reason());

        assertEquals("input must not be empty",
                failure(provider.embed(new EmbeddingRequest(MODEL_ID, List.of()))).getMessage());
        assertEquals("input[1] is empty",
                failure(provider.embed(new EmbeddingRequest(MODEL_ID, List.of("a", "")))).getMessage());
        assertEquals("input has 3 texts, at most 2 are allowed",
                failure(provider.embed(new EmbeddingRequest(MODEL_ID, List.of("a", "b", "c")))).getMessage());
        assertEquals(Reason.BAD_REQUEST,
                failure(provider.embed(new EmbeddingRequest(MODEL_ID, List.of("y".repeat(51))))).reason());
    }

    @Test
    void streamEmitsOnlyWhatIsRequestedAndStopsOnCancel() throws Exception {
        provider = start(Map.of());
        awaitReady(provider);
        RecordingSubscriber subscriber = new RecordingSubscriber(0);
        // greedy from this prompt, the tiny model repeats "the" to the token limit: no early end
        provider.chatStream(chat("The ", 400, 0)).subscribe(subscriber);
        Thread.sleep(100);
        assertEquals(0, subscriber.items.size());
        assertEquals(1, provider.outstanding());

        subscriber.subscription().request(1);
        subscriber.awaitItems(1);
        Thread.sleep(100);
        assertEquals(1, subscriber.items.size(), "more than requested");

        subscriber.subscription().request(3);
        subscriber.awaitItems(4);
        Thread.sleep(100);
        assertEquals(4, subscriber.items.size(), "more than requested");

        subscriber.subscription().cancel();
        assertEquals(0, provider.outstanding(), "cancel releases the request's place");
        int seen = subscriber.items.size();
        subscriber.subscription().request(10);
        Thread.sleep(100);
        assertEquals(seen, subscriber.items.size(), "items after cancel");
    }

    @Test
    void aWholeStreamIsTheChatReply() throws Exception {
        provider = start(Map.of());
        awaitReady(provider);
        RecordingSubscriber subscriber = new RecordingSubscriber(Long.MAX_VALUE);
        provider.chatStream(chat("MONEY, n.", 150, 0)).subscribe(subscriber);
        subscriber.done.get(10, TimeUnit.SECONDS);
        assertEquals(get(provider.chat(chat("MONEY, n.", 150, 0))).message().content(), subscriber.text());
        assertTrue(subscriber.items.size() > 1, "fragments as generated: " + subscriber.items);
        assertEquals(0, provider.outstanding());
    }

    @Test
    void nonPositiveDemandFailsTheStream() throws Exception {
        provider = start(Map.of());
        awaitReady(provider);
        RecordingSubscriber subscriber = new RecordingSubscriber(0);
        provider.chatStream(chat("The ", 50, 0)).subscribe(subscriber);
        subscriber.subscription().request(0);
        ExecutionException e = assertThrows(ExecutionException.class, () -> subscriber.done.get(5, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, e.getCause());
        assertEquals(0, provider.outstanding());
    }

    @Test
    void aFullQueueRefusesWithLimitExceeded() throws Exception {
        provider = start(Map.of("maxConcurrentRequests", 1, "queueCapacity", 0));
        awaitReady(provider);
        RecordingSubscriber holder = new RecordingSubscriber(0);
        provider.chatStream(chat("The ", 50, 0)).subscribe(holder);

        ModelException refused = failure(provider.chat(chat("hi", 10, 0)));
        assertEquals(Reason.LIMIT_EXCEEDED, refused.reason());
        assertTrue(refused.getMessage().contains("busy"), refused.getMessage());
        RecordingSubscriber second = new RecordingSubscriber(1);
        provider.chatStream(chat("hi", 10, 0)).subscribe(second);
        assertEquals(Reason.LIMIT_EXCEEDED, streamFailure(second).reason());

        holder.subscription().cancel();
        assertFalse(get(provider.chat(chat("hi", 10, 0))).message().content().isEmpty());
    }

    @Test
    void afterDeactivateNoThreadIsLeftAndStreamsFail() throws Exception {
        provider = start(Map.of("maxConcurrentRequests", 3));
        awaitReady(provider);
        for (int i = 0; i < 6; i++) {
            provider.chat(chat("The " + i, 100, 1.0));
        }
        RecordingSubscriber paused = new RecordingSubscriber(0);
        provider.chatStream(chat("The ", 50, 0)).subscribe(paused);
        provider.deactivate();
        assertEquals(List.of(), modelThreads());

        paused.subscription().request(1);
        assertEquals(Reason.UNAVAILABLE, streamFailure(paused).reason());
        provider = null;
    }

    private LocalModelProvider start(Map<String, Object> overrides) {
        return new LocalModelProvider(TinyModels.settings(overrides), store, () -> TinyModels.CORPUS);
    }

    private static ChatRequest chat(String prompt, int maxTokens, double temperature) {
        return new ChatRequest(MODEL_ID, List.of(new ChatMessage("user", prompt)), maxTokens, temperature);
    }

    private void assertBad(String expected, ChatRequest request) throws InterruptedException {
        ModelException e = failure(provider.chat(request));
        assertEquals(Reason.BAD_REQUEST, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        provider.chatStream(request).subscribe(subscriber);
        assertEquals(e.getMessage(), streamFailure(subscriber).getMessage());
    }

    private static ModelState.Ready awaitReady(LocalModelProvider provider) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!(provider.state() instanceof ModelState.Ready ready)) {
            assertFalse(provider.state() instanceof ModelState.Failed, provider.state().describe());
            assertTrue(System.nanoTime() < deadline, "not ready: " + provider.state().describe());
            Thread.sleep(5);
        }
        return ready;
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static ModelException failure(CompletionStage<?> stage) {
        CompletionException e = assertThrows(CompletionException.class, () -> stage.toCompletableFuture().join());
        return assertInstanceOf(ModelException.class, e.getCause());
    }

    private static ModelException streamFailure(RecordingSubscriber subscriber) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> subscriber.done.get(5, TimeUnit.SECONDS));
        return assertInstanceOf(ModelException.class, e.getCause());
    }

    private static List<String> modelThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith(LocalModelProvider.REQUEST_THREAD)).toList();
    }
}
