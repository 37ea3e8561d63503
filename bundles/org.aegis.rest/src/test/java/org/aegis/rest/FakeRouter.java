package org.aegis.rest;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.Embeddings;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.router.ModelRouter;
import org.aegis.api.router.ProviderStatus;

/** A router whose answers the test sets; it records the last requests. */
final class FakeRouter implements ModelRouter {
    volatile ChatRequest lastChat;
    volatile EmbeddingRequest lastEmbedding;
    volatile Function<ChatRequest, CompletionStage<ChatCompletion>> chat = request -> CompletableFuture
            .completedFuture(new ChatCompletion("m", new ChatMessage("assistant", "hi there"), "stop", 3, 2));
    volatile Function<ChatRequest, Flow.Publisher<String>> stream = request -> fragments(null, "hi", " there");
    volatile Function<EmbeddingRequest, CompletionStage<Embeddings>> embed = request -> CompletableFuture
            .completedFuture(new Embeddings("e", List.of(List.of(0.5, -1.0), List.of(2.0, 0.0)), 4));
    volatile List<ProviderStatus> providers = List.of();

    /** The fragments as they are requested, then completion or the error. */
    static Flow.Publisher<String> fragments(RuntimeException error, String... fragments) {
        return subscriber -> subscriber.onSubscribe(new Flow.Subscription() {
            private int next;
            private boolean ended;

            @Override
            public synchronized void request(long n) {
                for (long i = 0; i < n && next < fragments.length; i++) {
                    subscriber.onNext(fragments[next++]);
                }
                if (next == fragments.length && !ended) {
                    ended = true;
                    if (error == null) {
                        subscriber.onComplete();
                    } else {
                        subscriber.onError(error);
                    }
                }
            }

            @Override
            public void cancel() {
                ended = true;
            }
        });
    }

    @Override
    public List<ModelInfo> models() {
        return List.of(new ModelInfo("aegis-local-char", "local", java.util.Set.of("chat")),
                new ModelInfo("gpt-4o-mini", "openai", java.util.Set.of("chat")));
    }

    @Override
    public CompletionStage<ChatCompletion> chat(ChatRequest request) {
        lastChat = request;
        return chat.apply(request);
    }

    @Override
    public Flow.Publisher<String> chatStream(ChatRequest request) {
        lastChat = request;
        return stream.apply(request);
    }

    @Override
    public CompletionStage<Embeddings> embed(EmbeddingRequest request) {
        lastEmbedding = request;
        return embed.apply(request);
    }

    @Override
    public List<ProviderStatus> providers() {
        return providers;
    }
}
