package org.aegis.model.openai;

import static org.aegis.model.openai.FakeOpenAiServer.chunk;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Closing a provider ends its calls and leaves no thread behind. */
class ProviderLifecycleTest {
    private FakeOpenAiServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void closeEndsEveryCallAndLeavesNoThread() throws Exception {
        Set<String> selectorsBefore = threads("HttpClient-");
        runAndClose();
        assertEquals(Set.of(), threads(ProviderThreads.PREFIX), "the provider's threads");
        // On Java 17 the HttpClient's selector thread ends once the client is unreachable and its selector wakes up
        Await.until(() -> {
            System.gc();
            Set<String> selectors = threads("HttpClient-");
            selectors.removeAll(selectorsBefore);
            return selectors.isEmpty();
        }, Duration.ofSeconds(15), () -> "the HttpClient's threads: " + threads("HttpClient-"));
    }

    /** Discovery, a chat and a stream in flight, then close: every call ends with UNAVAILABLE. */
    private void runAndClose() throws Exception {
        server.on("/models", FakeOpenAiServer.json(200, "{\"data\":[{\"id\":\"m\"}]}"));
        server.on("/chat/completions", exchange -> {
            if (server.received("/chat/completions").size() == 1) {
                server.hang();
            }
            FakeOpenAiServer.startEvents(exchange, chunk("a"));
            server.hang();
        });
        OpenAiModelProvider provider = new OpenAiModelProvider(TestConfig.settings(server.baseUrl(),
                Map.of("models", new String[0], "discoveryIntervalMs", 1000L)));
        provider.start();
        Await.until(() -> provider.models().size() == 1, Duration.ofSeconds(5), () -> "no discovery");
        CompletionStage<ChatCompletion> chat = provider.chat(OpenAiModelProviderTest.HELLO);
        Await.until(() -> server.received("/chat/completions").size() == 1, Duration.ofSeconds(5), () -> "no chat");
        RecordingSubscriber stream = new RecordingSubscriber();
        provider.chatStream(OpenAiModelProviderTest.HELLO).subscribe(stream);
        stream.request(5);
        stream.awaitItems(1, Duration.ofSeconds(5));
        assertEquals(2, provider.inFlight());

        provider.close();

        assertEquals("test: the provider has stopped", stream.awaitError(Reason.UNAVAILABLE).getMessage());
        try {
            chat.toCompletableFuture().get(5, TimeUnit.SECONDS);
            throw new AssertionError("the chat outlived the provider");
        } catch (ExecutionException e) {
            assertEquals("test: the provider has stopped",
                    assertInstanceOf(ModelException.class, e.getCause()).getMessage());
        }
        assertEquals(0, provider.inFlight());
        RecordingSubscriber late = new RecordingSubscriber();
        provider.chatStream(OpenAiModelProviderTest.HELLO).subscribe(late);
        assertEquals("test: the provider has stopped", late.awaitError(Reason.UNAVAILABLE).getMessage());
    }

    static Set<String> threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(prefix)).collect(Collectors.toSet());
    }
}
