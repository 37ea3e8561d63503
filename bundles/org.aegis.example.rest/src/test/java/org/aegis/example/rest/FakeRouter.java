package org.aegis.example.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Function;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.Embeddings;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.router.ModelRouter;
import org.aegis.api.router.ProviderStatus;

/** A router with fixed models and providers that answers chats with a given function and records the requests. */
final class FakeRouter implements ModelRouter {
    final List<ChatRequest> chats = new ArrayList<>();
    private final List<ModelInfo> models;
    private final List<ProviderStatus> providers;
    private final Function<ChatRequest, CompletionStage<ChatCompletion>> answer;

    FakeRouter(List<ModelInfo> models, List<ProviderStatus> providers,
            Function<ChatRequest, CompletionStage<ChatCompletion>> answer) {
        this.models = models;
        this.providers = providers;
        this.answer = answer;
    }

    static ProviderStatus provider(String id, ProviderStatus.Circuit circuit, String... models) {
        return new ProviderStatus(id, List.of(models), circuit, 0, 0, 0, 0, 0, 0, null);
    }

    @Override
    public List<ModelInfo> models() {
        return models;
    }

    @Override
    public CompletionStage<ChatCompletion> chat(ChatRequest request) {
        chats.add(request);
        return answer.apply(request);
    }

    @Override
    public Flow.Publisher<String> chatStream(ChatRequest request) {
        throw new UnsupportedOperationException("the resource does not stream");
    }

    @Override
    public CompletionStage<Embeddings> embed(EmbeddingRequest request) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("the resource does not embed"));
    }

    @Override
    public List<ProviderStatus> providers() {
        return providers;
    }
}
