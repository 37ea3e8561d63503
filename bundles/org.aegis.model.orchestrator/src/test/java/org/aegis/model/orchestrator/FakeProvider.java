package org.aegis.model.orchestrator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.function.Function;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.Embeddings;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.model.ModelProvider;

/** A provider whose every answer the test decides; by default it answers at once with its own id. */
final class FakeProvider implements ModelProvider {
    final String id;
    volatile List<ModelInfo> models;
    volatile Function<ChatRequest, CompletionStage<ChatCompletion>> chat = request -> CompletableFuture
            .completedFuture(reply(request));
    volatile Function<ChatRequest, Flow.Publisher<String>> stream = request -> new ScriptedPublisher(
            List.of("hello ", "from ", "x"), null);
    volatile Function<EmbeddingRequest, CompletionStage<Embeddings>> embed = request -> CompletableFuture
            .completedFuture(new Embeddings(request.model(), vectors(request.input().size()), 3));
    final List<ChatRequest> chatRequests = new CopyOnWriteArrayList<>();
    final List<ChatRequest> streamRequests = new CopyOnWriteArrayList<>();
    final List<CompletableFuture<ChatCompletion>> held = new CopyOnWriteArrayList<>();

    FakeProvider(String id, String... chatModels) {
        this.id = id;
        List<ModelInfo> list = new ArrayList<>();
        for (String model : chatModels) {
            list.add(new ModelInfo(model, id, Set.of(Capability.CHAT)));
        }
        this.models = List.copyOf(list);
    }

    FakeProvider withModel(String model, String... capabilities) {
        List<ModelInfo> list = new ArrayList<>(models);
        list.add(new ModelInfo(model, id, Set.of(capabilities)));
        models = List.copyOf(list);
        return this;
    }

    /** Chat requests stay unanswered until the test completes them from {@link #held}. */
    FakeProvider holding() {
        chat = request -> {
            CompletableFuture<ChatCompletion> future = new CompletableFuture<>();
            held.add(future);
            return future;
        };
        return this;
    }

    FakeProvider failing(String message) {
        chat = request -> CompletableFuture.failedFuture(new IllegalStateException(message));
        return this;
    }

    ChatCompletion reply(ChatRequest request) {
        return new ChatCompletion(request.model(), new ChatMessage("assistant", "answer from " + id), "stop", 5, 7);
    }

    static List<List<Double>> vectors(int n) {
        List<List<Double>> vectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            vectors.add(List.of(1.0 * i, 0.5, -0.25));
        }
        return vectors;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public List<ModelInfo> models() {
        return models;
    }

    @Override
    public CompletionStage<ChatCompletion> chat(ChatRequest request) {
        chatRequests.add(request);
        return chat.apply(request);
    }

    @Override
    public Flow.Publisher<String> chatStream(ChatRequest request) {
        streamRequests.add(request);
        return stream.apply(request);
    }

    @Override
    public CompletionStage<Embeddings> embed(EmbeddingRequest request) {
        return embed.apply(request);
    }
}
