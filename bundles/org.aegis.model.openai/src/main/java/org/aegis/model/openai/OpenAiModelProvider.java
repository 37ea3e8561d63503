package org.aegis.model.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
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
 * A {@link ModelProvider} for one OpenAI-compatible server: checks each request, translates it to the OpenAI wire
 * format and back. Every failure, a refused request included, completes the stage (or the stream) with a
 * {@link ModelException}; nothing is thrown. {@link #close} ends the calls in flight and stops every thread.
 */
final class OpenAiModelProvider implements ModelProvider, AutoCloseable {
    static final Set<String> ROLES = Set.of("system", "user", "assistant");
    static final double MAX_TEMPERATURE = 2;
    private static final long SHUTDOWN_WAIT_MILLIS = 5000;

    private final ProviderSettings settings;
    private final Failures failures;
    private final ProviderThreads threads;
    private final OpenAiClient client;
    private final ModelCatalog catalog;

    OpenAiModelProvider(ProviderSettings settings) {
        this.settings = settings;
        ObjectMapper json = Wire.mapper();
        this.failures = new Failures(settings.id(), settings.apiKey(), json);
        this.threads = new ProviderThreads(settings.id());
        this.client = new OpenAiClient(settings, json, failures, threads);
        this.catalog = new ModelCatalog(settings, client);
    }

    /** Starts model discovery (when the models are not configured). */
    void start() {
        catalog.start(threads.timer());
    }

    @Override
    public String id() {
        return settings.id();
    }

    @Override
    public List<ModelInfo> models() {
        return catalog.models();
    }

    @Override
    public CompletionStage<ChatCompletion> chat(ChatRequest request) {
        ModelException refused = checkChat(request);
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        return client.post("/chat/completions", chatBody(request, false), Wire.ChatResponse.class)
                .thenApply(response -> completion(request, response));
    }

    @Override
    public Flow.Publisher<String> chatStream(ChatRequest request) {
        ModelException refused = checkChat(request);
        if (refused != null) {
            return failed(refused);
        }
        return client.chatStream("/chat/completions", chatBody(request, true));
    }

    @Override
    public CompletionStage<Embeddings> embed(EmbeddingRequest request) {
        ModelException refused = checkEmbed(request);
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        Wire.EmbeddingBody body = new Wire.EmbeddingBody(request.model(), request.input(), "float");
        return client.post("/embeddings", body, Wire.EmbeddingResponse.class)
                .thenApply(response -> embeddings(request, response));
    }

    @Override
    public void close() {
        catalog.stop();
        client.close();
        threads.shutdown(SHUTDOWN_WAIT_MILLIS);
    }

    /** Calls in flight now. */
    int inFlight() {
        return client.inFlight();
    }

    @Override
    public String toString() {
        return "OpenAiModelProvider[" + settings.id() + " at " + settings.baseUri() + "]";
    }

    private ModelException checkChat(ChatRequest request) {
        if (request == null) {
            return badRequest("the chat request is missing");
        }
        ModelException model = checkModel(request.model(), ProviderSettings.CHAT);
        if (model != null) {
            return model;
        }
        if (request.messages() == null || request.messages().isEmpty()) {
            return badRequest("a chat request needs at least one message");
        }
        for (ChatMessage message : request.messages()) {
            if (message == null || !ROLES.contains(message.role()) || message.content() == null) {
                return badRequest("every message needs a role (system, user or assistant) and content; got "
                        + message);
            }
        }
        if (request.maxTokens() < 1) {
            return badRequest("maxTokens must be at least 1, got " + request.maxTokens());
        }
        if (!(request.temperature() >= 0 && request.temperature() <= MAX_TEMPERATURE)) {
            return badRequest("temperature must be between 0 and 2, got " + request.temperature());
        }
        return null;
    }

    private ModelException checkEmbed(EmbeddingRequest request) {
        if (request == null) {
            return badRequest("the embedding request is missing");
        }
        ModelException model = checkModel(request.model(), ProviderSettings.EMBEDDINGS);
        if (model != null) {
            return model;
        }
        if (request.input() == null || request.input().isEmpty()
                || request.input().stream().anyMatch(Objects::isNull)) {
            return badRequest("an embedding request needs at least one text, and no null text");
        }
        return null;
    }

    private ModelException checkModel(String model, String capability) {
        if (model == null || model.isBlank()) {
            return badRequest("the model is missing");
        }
        if (!settings.capabilities().contains(capability)) {
            return badRequest("provider " + settings.id() + " does not offer " + capability);
        }
        if (!catalog.mayServe(model)) {
            return new ModelException(Reason.MODEL_NOT_FOUND,
                    settings.id() + ": model '" + model + "' is not served here; it serves " + settings.models());
        }
        return null;
    }

    private ModelException badRequest(String message) {
        return new ModelException(Reason.BAD_REQUEST, settings.id() + ": " + message);
    }

    /** A publisher that refuses every subscriber with {@code failure}. */
    private static Flow.Publisher<String> failed(ModelException failure) {
        return subscriber -> {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    // nothing to deliver: the subscriber has its error
                }

                @Override
                public void cancel() {
                    // nothing is running
                }
            });
            subscriber.onError(failure);
        };
    }

    private static Wire.ChatBody chatBody(ChatRequest request, boolean stream) {
        return new Wire.ChatBody(request.model(), request.messages(), request.maxTokens(), request.temperature(),
                stream);
    }

    private ChatCompletion completion(ChatRequest request, Wire.ChatResponse response) {
        String call = "POST /chat/completions";
        if (response.choices() == null || response.choices().isEmpty() || response.choices().get(0) == null
                || response.choices().get(0).message() == null) {
            throw failures.malformed(call, "no choices[0].message");
        }
        Wire.Choice choice = response.choices().get(0);
        ChatMessage message = choice.message();
        // a reply with no text (e.g. cut at max_tokens during reasoning) comes as null content
        ChatMessage reply = new ChatMessage(message.role() == null ? "assistant" : message.role(),
                message.content() == null ? "" : message.content());
        Wire.Usage usage = response.usage();
        return new ChatCompletion(response.model() == null ? request.model() : response.model(), reply,
                choice.finishReason(), usage == null ? 0 : usage.promptTokens(),
                usage == null ? 0 : usage.completionTokens());
    }

    private Embeddings embeddings(EmbeddingRequest request, Wire.EmbeddingResponse response) {
        String call = "POST /embeddings";
        int count = request.input().size();
        if (response.data() == null || response.data().size() != count) {
            throw failures.malformed(call, count + " embeddings expected, got "
                    + (response.data() == null ? "none" : response.data().size()));
        }
        List<List<Double>> vectors = new ArrayList<>(Collections.nCopies(count, null));
        for (Wire.Embedding embedding : response.data()) {
            if (embedding == null || embedding.index() < 0 || embedding.index() >= count
                    || vectors.get(embedding.index()) != null || embedding.embedding() == null
                    || embedding.embedding().isEmpty()
                    || embedding.embedding().stream().anyMatch(Objects::isNull)) {
                throw failures.malformed(call, "each input needs one embedding, by index, with numbers");
            }
            vectors.set(embedding.index(), List.copyOf(embedding.embedding()));
        }
        return new Embeddings(response.model() == null ? request.model() : response.model(), List.copyOf(vectors),
                response.usage() == null ? 0 : response.usage().promptTokens());
    }
}
