package org.aegis.example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.ModelException.Reason;
import org.aegis.api.model.ModelException;
import org.junit.jupiter.api.Test;

/** The example provider: what it answers, how it streams, how it refuses. */
class EchoModelProviderTest {
    private final EchoModelProvider provider = new EchoModelProvider(config("example-echo"));

    private static EchoModelProvider.Config config(String model) {
        return new EchoModelProvider.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return EchoModelProvider.Config.class;
            }

            @Override
            public String model() {
                return model;
            }
        };
    }

    private static ChatRequest ask(String model, String text) {
        return new ChatRequest(model, List.of(new ChatMessage("system", "be brief"), new ChatMessage("user", text)), 16, 0);
    }

    /** Records what a publisher sends and asks for one fragment at a time. */
    private static final class Recorder implements Flow.Subscriber<String> {
        final List<String> items = new ArrayList<>();
        Flow.Subscription subscription;
        Throwable error;
        boolean completed;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
        }

        @Override
        public void onNext(String item) {
            items.add(item);
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }

    @Test
    void repeatsTheLastUserMessage() {
        var completion = provider.chat(ask("example-echo", "hello plugin world")).toCompletableFuture().join();

        assertEquals("hello plugin world", completion.message().content());
        assertEquals("assistant", completion.message().role());
        assertEquals(3, completion.completionTokens());
    }

    @Test
    void streamsNoMoreThanAskedForAndStopsWhenCancelled() {
        Recorder recorder = new Recorder();
        provider.chatStream(ask("example-echo", "one two three")).subscribe(recorder);
        assertEquals(List.of(), recorder.items);

        recorder.subscription.request(1);
        assertEquals(List.of("one"), recorder.items);
        recorder.subscription.request(5);
        assertEquals(List.of("one", " two", " three"), recorder.items);
        assertTrue(recorder.completed);

        Recorder cancelling = new Recorder();
        provider.chatStream(ask("example-echo", "one two three")).subscribe(cancelling);
        cancelling.subscription.request(1);
        cancelling.subscription.cancel();
        cancelling.subscription.request(5);
        assertEquals(List.of("one"), cancelling.items);
        assertTrue(!cancelling.completed && cancelling.error == null);
    }

    @Test
    void aNonPositiveRequestIsAnError() {
        Recorder recorder = new Recorder();
        provider.chatStream(ask("example-echo", "x")).subscribe(recorder);
        recorder.subscription.request(0);
        assertInstanceOf(IllegalArgumentException.class, recorder.error);
    }

    @Test
    void refusesOtherModelsAndConversationsWithoutAUserMessage() {
        var unknown = assertThrows(CompletionException.class,
                () -> provider.chat(ask("gpt-5", "hi")).toCompletableFuture().join());
        assertEquals(Reason.MODEL_NOT_FOUND, ((ModelException) unknown.getCause()).reason());

        Recorder recorder = new Recorder();
        provider.chatStream(new ChatRequest("example-echo", List.of(new ChatMessage("system", "x")), 4, 0))
                .subscribe(recorder);
        assertEquals(Reason.BAD_REQUEST, ((ModelException) recorder.error).reason());

        assertThrows(IllegalArgumentException.class, () -> new EchoModelProvider(config(" ")));
    }

    @Test
    void embeddingsAreUnitVectors() {
        var embeddings = provider.embed(new EmbeddingRequest("example-echo", List.of("abc", "cab", ""))).toCompletableFuture()
                .join();

        assertEquals(3, embeddings.vectors().size());
        assertEquals(1.0, embeddings.vectors().get(0).stream().mapToDouble(v -> v * v).sum(), 1e-9);
        assertEquals(embeddings.vectors().get(0), embeddings.vectors().get(1));
        assertEquals(EchoModelProvider.DIMENSIONS, embeddings.vectors().get(2).size());
    }
}
