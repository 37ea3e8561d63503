package org.aegis.example.command;

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

/** A router that answers chats with a given function and records the requests. */
final class FakeRouter implements ModelRouter {
    final List<ChatRequest> chats = new ArrayList<>();
    private final Function<ChatRequest, CompletionStage<ChatCompletion>> answer;

    FakeRouter(Function<ChatRequest, CompletionStage<ChatCompletion>> answer) {
        this.answer = answer;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of();
    }

    @Override
    public CompletionStage<ChatCompletion> chat(ChatRequest request) {
        chats.add(request);
        return answer.apply(request);
    }

    @Override
    public Flow.Publisher<String> chatStream(ChatRequest request) {
        throw new UnsupportedOperationException("the command does not stream");
    }

    @Override
    public CompletionStage<Embeddings> embed(EmbeddingRequest request) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("the command does not embed"));
    }

    @Override
    public List<ProviderStatus> providers() {
        return List.of();
    }
}
