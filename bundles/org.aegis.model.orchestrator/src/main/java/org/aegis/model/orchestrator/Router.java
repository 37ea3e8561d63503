package org.aegis.model.orchestrator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.Embeddings;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.model.ModelProvider;

/**
 * Routing itself, without OSGi: checks a request, resolves its model, takes the model's bulkhead permit and hands
 * the request to a {@link Failover} (chat, embeddings) or a {@link RoutedStream} (chat streams).
 */
final class Router {
    static final String DEFAULT_MODEL = "default";
    static final double MAX_TEMPERATURE = 2.0;

    private final ProviderRegistry registry;
    private final Supplier<RouterSettings> settings;
    private final Bulkheads bulkheads;
    private final RouterThreads threads;
    private final LongSupplier nanoTime;
    private final Successors successors;

    Router(ProviderRegistry registry, Supplier<RouterSettings> settings, Bulkheads bulkheads, RouterThreads threads,
            LongSupplier nanoTime, Successors successors) {
        this.registry = registry;
        this.successors = successors;
        this.settings = settings;
        this.bulkheads = bulkheads;
        this.threads = threads;
        this.nanoTime = nanoTime;
    }

    CompletableFuture<ChatCompletion> chat(ChatRequest request) {
        return whenServed(request == null ? null : request.model(),
                () -> new Failover<>(this, chatOperation(request), route(request, Capability.CHAT)).start());
    }

    /**
     * A stream waits for a successor only when it finds no provider at all; one whose provider leaves mid-way fails
     * over as before, since its client may already have part of the reply.
     */
    Flow.Publisher<String> chatStream(ChatRequest request) {
        return subscriber -> stream(request, subscriber);
    }

    private void stream(ChatRequest request, Flow.Subscriber<? super String> subscriber) {
        long bindings = successors.bindings();
        try {
            RoutePath path = route(request, Capability.CHAT);
            if (path.unserved()) {
                path.close();
                streamWhenServed(request, subscriber, bindings, path.exhausted());
            } else {
                new RoutedStream(this, request, path, subscriber).start();
            }
        } catch (ModelException e) {
            if (e.reason() == Reason.MODEL_NOT_FOUND) {
                streamWhenServed(request, subscriber, bindings, e);
            } else {
                RoutedStream.refuse(subscriber, e);
            }
        }
    }

    /** A stream that found no provider of its model waits for one as a request does; else it is refused so. */
    private void streamWhenServed(ChatRequest request, Flow.Subscriber<? super String> subscriber, long bindings,
            ModelException unserved) {
        successors.await(waitKey(request.model()), bindings, this::served)
                .whenComplete((again, error) -> {
                    if (error != null) {
                        RoutedStream.refuse(subscriber, (ModelException) unwrap(error));
                    } else if (again) {
                        stream(request, subscriber);
                    } else {
                        RoutedStream.refuse(subscriber, unserved);
                    }
                });
    }

    CompletableFuture<Embeddings> embed(EmbeddingRequest request) {
        return whenServed(request == null ? null : request.model(), () -> startEmbed(request));
    }

    /**
     * Runs a request; when it fails for want of a provider of its model while that model's last provider left a
     * moment ago, runs it again once a provider binds, until the configured wait after the departure is over. A
     * request that fails for any other reason, or for a model never served, fails as it did.
     */
    private <T> CompletableFuture<T> whenServed(String requested, Supplier<CompletableFuture<T>> request) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        attempt(requested, request, outcome);
        return outcome;
    }

    /** Completes {@code outcome} as a request's own future would: with the answer or the bare ModelException. */
    private <T> void attempt(String requested, Supplier<CompletableFuture<T>> request, CompletableFuture<T> outcome) {
        long bindings = successors.bindings();
        String key = waitKey(requested);
        CompletableFuture<T> result;
        try {
            result = request.get();
        } catch (RuntimeException e) { // a ModelException, or a bug: either way the outcome must complete
            result = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> current = result;
        outcome.whenComplete((answer, error) -> current.cancel(true)); // a client that gives up frees its provider
        current.whenComplete((answer, error) -> {
            if (error == null) {
                successors.served(key, bindings);
                outcome.complete(answer);
                return;
            }
            Throwable cause = unwrap(error);
            if (!(cause instanceof ModelException e)
                    || (e.reason() != Reason.MODEL_NOT_FOUND && e.reason() != Reason.UNAVAILABLE)) {
                outcome.completeExceptionally(cause);
                return;
            }
            successors.await(key, bindings, this::served).whenComplete((again, stopped) -> {
                if (stopped != null) {
                    outcome.completeExceptionally(unwrap(stopped));
                } else if (again && !outcome.isDone()) {
                    attempt(requested, request, outcome);
                } else {
                    outcome.completeExceptionally(cause);
                }
            });
        });
    }

    /** What a request waits on: the model it names, or "default" for the default local model. */
    private String waitKey(String requested) {
        String name = requested == null ? "" : requested.strip();
        if (!name.isEmpty() && !name.equals(DEFAULT_MODEL)) {
            return name;
        }
        String configured = settings().defaultModel();
        return configured.isEmpty() ? DEFAULT_MODEL : configured;
    }

    private boolean served(String key) {
        return key.equals(DEFAULT_MODEL) ? registry.firstLocalModel(Capability.CHAT).isPresent()
                : registry.anyServes(key);
    }

    /** The keys a leaving provider takes with it: the models no one else serves, and the default if it was local. */
    List<String> orphaned(ProviderSlot leaving) {
        List<String> keys = new ArrayList<>();
        for (ModelInfo info : leaving.models()) {
            if (!registry.anyServes(info.id())) {
                keys.add(info.id());
            }
        }
        if (leaving.local() && registry.firstLocalModel(Capability.CHAT).isEmpty()) {
            keys.add(DEFAULT_MODEL);
        }
        return keys;
    }

    private CompletableFuture<Embeddings> startEmbed(EmbeddingRequest request) {
        try {
            checkEmbedding(request);
            String model = resolve(request.model(), Capability.EMBEDDINGS);
            Bulkheads.Permit permit = permit(model);
            int inputs = request.input().size();
            Operation<Embeddings> operation = new Operation<>() {
                @Override
                public String capability() {
                    return Capability.EMBEDDINGS;
                }

                @Override
                public CompletionStage<Embeddings> call(ModelProvider provider, String target) {
                    return provider.embed(new EmbeddingRequest(target, request.input()));
                }

                @Override
                public Embeddings check(Embeddings answer, String target) {
                    return Answers.embeddings(answer, target, inputs);
                }

                @Override
                public long promptTokens(Embeddings answer) {
                    return answer.promptTokens();
                }

                @Override
                public long completionTokens(Embeddings answer) {
                    return 0;
                }
            };
            return new Failover<>(this, operation,
                    new RoutePath(this, settings().chain(model), Capability.EMBEDDINGS, permit)).start();
        } catch (ModelException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A chat request's path, holding its model's bulkhead permit; refused with a {@link ModelException}. */
    private RoutePath route(ChatRequest request, String capability) {
        checkChat(request);
        String model = resolve(request.model(), capability);
        int limit = settings().limits(model).maxTokens();
        if (request.maxTokens() > limit) {
            // a limit of the request itself, not of load: retrying it cannot help, so 400 and not 429
            throw new ModelException(Reason.BAD_REQUEST, "max_tokens " + request.maxTokens()
                    + " is over the limit of " + limit + " for model '" + model + "'");
        }
        return new RoutePath(this, settings().chain(model), capability, permit(model));
    }

    /** The request for one model of the chain: its token limit applies, and a request without one gets it. */
    ChatRequest shape(ChatRequest request, String model) {
        int limit = settings().limits(model).maxTokens();
        int maxTokens = request.maxTokens() == 0 ? limit : Math.min(request.maxTokens(), limit);
        return new ChatRequest(model, request.messages(), maxTokens, request.temperature());
    }

    private Operation<ChatCompletion> chatOperation(ChatRequest request) {
        return new Operation<>() {
            @Override
            public String capability() {
                return Capability.CHAT;
            }

            @Override
            public CompletionStage<ChatCompletion> call(ModelProvider provider, String model) {
                return provider.chat(shape(request, model));
            }

            @Override
            public ChatCompletion check(ChatCompletion answer, String model) {
                return Answers.chat(answer, model);
            }

            @Override
            public long promptTokens(ChatCompletion answer) {
                return answer.promptTokens();
            }

            @Override
            public long completionTokens(ChatCompletion answer) {
                return answer.completionTokens();
            }
        };
    }

    /**
     * The model a request names, or the default for "default" and no name.
     *
     * @throws ModelException MODEL_NOT_FOUND for a model no provider serves and no fallback chain starts from,
     *                        BAD_REQUEST for a model that cannot do what is asked
     */
    String resolve(String requested, String capability) {
        String name = requested == null ? "" : requested.strip();
        String model = !name.isEmpty() && !name.equals(DEFAULT_MODEL) ? name
                : defaultModel(capability).orElseThrow(() -> new ModelException(Reason.MODEL_NOT_FOUND,
                        "no default model for " + capability + ": set defaultModel in " + RouterSettings.PID
                                + " or install a local model provider; available: " + registry.modelIds(capability)));
        List<ProviderSlot> serving = registry.serving(model); // one look: providers come and go meanwhile
        if (settings().fallback().containsKey(model) || serving.stream().anyMatch(s -> s.serves(model, capability))) {
            return model;
        }
        if (!serving.isEmpty()) {
            throw new ModelException(Reason.BAD_REQUEST, "model '" + model + "' does not do " + capability);
        }
        throw new ModelException(Reason.MODEL_NOT_FOUND, "model '" + model + "' is not served by any provider;"
                + " available for " + capability + ": " + registry.modelIds(capability));
    }

    private Optional<String> defaultModel(String capability) {
        String configured = settings().defaultModel();
        if (!configured.isEmpty()) {
            return Optional.of(configured);
        }
        return registry.firstLocalModel(capability);
    }

    private Bulkheads.Permit permit(String model) {
        return bulkheads.tryAcquire(model).orElseThrow(() -> new ModelException(Reason.LIMIT_EXCEEDED, "model '"
                + model + "' is at its limit of " + settings().limits(model).maxConcurrent()
                + " concurrent requests"));
    }

    private static void checkChat(ChatRequest request) {
        if (request == null) {
            throw badRequest("a chat request is required");
        }
        if (request.messages() == null || request.messages().isEmpty()) {
            throw badRequest("messages must not be empty");
        }
        for (ChatMessage message : request.messages()) {
            if (message == null || message.role() == null || message.content() == null) {
                throw badRequest("every message needs a role and content");
            }
        }
        if (request.maxTokens() < 0) {
            throw badRequest("max_tokens must be at least 1, or 0 for the model's limit; was " + request.maxTokens());
        }
        if (!(request.temperature() >= 0 && request.temperature() <= MAX_TEMPERATURE)) {
            throw badRequest("temperature must be between 0 and " + MAX_TEMPERATURE + "; was "
                    + request.temperature());
        }
    }

    private static void checkEmbedding(EmbeddingRequest request) {
        if (request == null) {
            throw badRequest("an embedding request is required");
        }
        if (request.input() == null || request.input().isEmpty()) {
            throw badRequest("input must not be empty");
        }
        if (request.input().stream().anyMatch(text -> text == null)) {
            throw badRequest("input must not contain null");
        }
    }

    private static ModelException badRequest(String message) {
        return new ModelException(Reason.BAD_REQUEST, message);
    }

    // ------------------------------------------------------------------------------------------ shared with the parts

    ProviderRegistry registry() {
        return registry;
    }

    RouterSettings settings() {
        return settings.get();
    }

    Bulkheads bulkheads() {
        return bulkheads;
    }

    RouterThreads threads() {
        return threads;
    }

    long nanoTime() {
        return nanoTime.getAsLong();
    }

    /** The failure behind the wrappers that completion stages add. */
    static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** A failure as one line for a status or an error message. */
    static String describe(Throwable cause) {
        if (cause instanceof AttemptFailure || cause instanceof BadAnswer) {
            return cause.getMessage();
        }
        if (cause instanceof ModelException e) {
            return e.reason() + " " + e.getMessage();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** Cancels a provider's stage; some stages cannot be converted, which leaves nothing to cancel. */
    static void cancelQuietly(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().cancel(true);
        } catch (RuntimeException e) {
            // a stage that is not backed by a CompletableFuture cannot be cancelled from here
        }
    }
}
