package org.aegis.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.Embeddings;
import org.aegis.api.model.ModelException.Reason;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.router.ModelRouter;
import org.aegis.api.router.ProviderStatus;

/**
 * The node's model router for a plugin's unit tests: fixed models and providers, chats answered by a function of
 * the request, every chat request recorded. A streamed chat sends the answer's text as one fragment when asked for;
 * embeddings are refused as {@code UNAVAILABLE}.
 */
public final class FakeModelRouter implements ModelRouter {
    private final Function<ChatRequest, CompletionStage<ChatCompletion>> answer;
    private final List<ModelInfo> models;
    private final List<ProviderStatus> providers;
    private final List<ChatRequest> chats = new CopyOnWriteArrayList<>();

    /** A router without models or providers whose chats {@code answer} answers. */
    public FakeModelRouter(Function<ChatRequest, CompletionStage<ChatCompletion>> answer) {
        this(answer, List.of(), List.of());
    }

    private FakeModelRouter(Function<ChatRequest, CompletionStage<ChatCompletion>> answer, List<ModelInfo> models,
            List<ProviderStatus> providers) {
        this.answer = answer;
        this.models = List.copyOf(models);
        this.providers = List.copyOf(providers);
    }

    /** This router listing {@code models} (and recording into a new list of chats). */
    public FakeModelRouter withModels(List<ModelInfo> models) {
        return new FakeModelRouter(answer, models, providers);
    }

    /** This router reporting {@code providers} (and recording into a new list of chats). */
    public FakeModelRouter withProviders(List<ProviderStatus> providers) {
        return new FakeModelRouter(answer, models, providers);
    }

    /** A provider's status with no traffic: its id, the models it serves, its circuit. */
    public static ProviderStatus provider(String id, ProviderStatus.Circuit circuit, String... models) {
        return new ProviderStatus(id, List.of(models), circuit, 0, 0, 0, 0, 0, 0, null);
    }

    /** Every chat request so far, in order, streamed or not. */
    public List<ChatRequest> chats() {
        return List.copyOf(chats);
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
        return subscriber -> {
            CompletionStage<ChatCompletion> reply = chat(request);
            AtomicBoolean done = new AtomicBoolean();
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    if (n <= 0 && done.compareAndSet(false, true)) {
                        subscriber.onError(new IllegalArgumentException("request(" + n + "): demand must be positive"));
                        return;
                    }
                    reply.whenComplete((completion, error) -> {
                        if (!done.compareAndSet(false, true)) {
                            return;
                        }
                        if (error != null) {
                            subscriber.onError(error instanceof CompletionException
                                    && error.getCause() != null ? error.getCause() : error);
                        } else {
                            subscriber.onNext(completion.message().content());
                            subscriber.onComplete();
                        }
                    });
                }

                @Override
                public void cancel() {
                    done.set(true);
                }
            });
        };
    }

    @Override
    public CompletionStage<Embeddings> embed(EmbeddingRequest request) {
        return CompletableFuture.failedFuture(new ModelException(Reason.UNAVAILABLE, "FakeModelRouter embeds nothing"));
    }

    @Override
    public List<ProviderStatus> providers() {
        return providers;
    }
}
