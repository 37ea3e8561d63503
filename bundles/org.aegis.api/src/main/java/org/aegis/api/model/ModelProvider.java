package org.aegis.api.model;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A model provider plugin: an embedded model or a remote server. Register it as a {@code ModelProvider} service;
 * the platform's {@link org.aegis.api.router.ModelRouter} binds every one and routes requests to it by model name.
 * Clients never call a provider directly.
 *
 * <p>Threading: the router makes every call into a provider on its own caller threads
 * ({@code aegis-model-call-N}), never on the thread of whoever asked the router, and calls one provider from several
 * of them at once: every method must be thread-safe. A call that blocks holds one caller thread until it returns;
 * the per-model bulkheads bound how many one model can hold. Answer asynchronously where you can.
 *
 * <p>Errors: complete exceptionally (or throw: the router treats both alike) with a {@link ModelException}.
 * {@link ModelException.Reason#BAD_REQUEST} means the request itself is at fault: the router passes it to the client
 * and tries no other provider, and it does not count against this provider. Every other reason, any other exception,
 * a {@code null} result and an answer that fails the router's checks count as a failure of this provider: the router
 * records it in the provider's circuit breaker and fails over to the next provider of the model, then along the
 * model's fallback chain; the client then gets the router's own {@code UNAVAILABLE} or {@code TIMEOUT}.
 *
 * <p>Time: each attempt has the model's timeout, each request the router's deadline. When an attempt times out or
 * its request ends otherwise (deadline, cancellation), the router cancels the returned stage (through
 * {@code toCompletableFuture().cancel(true)}, so a stage that cannot be converted is not cancelled), cancels a
 * stream's subscription, and interrupts its caller thread if it is still inside the provider. Whatever the provider
 * signals afterwards is ignored.
 *
 * <p>Service properties the router reads: {@code service.ranking} (an {@code Integer}; among providers with equally
 * many requests in flight the higher-ranked one is tried first, and the router's model list names each model's
 * highest-ranked provider) and {@code aegis.model.local} ({@code true} for a model that runs on this node: when no
 * default model is configured, the router's {@code default} model is the first chat or embeddings model of the
 * highest-ranked such provider). The provider's id and models are not service properties: the router asks
 * {@link #id()} and {@link #models()}.
 *
 * <p>Hot swap: a provider serves as soon as its service is registered. When it is unregistered (its bundle stopped
 * or updated, its configuration changed), the router abandons its requests in flight at once: it cancels their
 * stages and streams, and fails each over to another provider as if the attempt had failed, without counting it
 * against the leaving provider; a stream that had already emitted a fragment ends with {@code UNAVAILABLE} instead.
 * Nothing is called on the old instance afterwards. When it was the last provider of a model (a bundle update, a
 * restart), requests for that model wait for a successor for the router's {@code providerWaitMs} instead of failing,
 * and are routed to the first provider of the model that binds, retried while it still fails (loading, say) until it
 * first answers. A replacement is a new provider with a new circuit breaker. Stop your own work in your component's
 * deactivation: the router does not wait for it.
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so a provider built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface ModelProvider {
    /**
     * Unique id of this provider instance, e.g. {@code local}; it names the provider in routing status, errors and
     * the node's health ({@code model-provider:<id>}). Read on a caller thread when the provider is bound and again
     * whenever the router refreshes its models; it should not change. Must not block: binding waits at most two
     * seconds for {@code id()} and {@link #models()} together, then goes on without them. A {@code null} or blank
     * id keeps the one the router had.
     */
    String id();

    /**
     * The models this provider serves now. Read on a caller thread when the provider is bound and then periodically
     * (the router's model refresh), one reading per provider at a time; the answer may change between readings and
     * a model no longer listed gets no new requests. Each entry's {@link ModelInfo#capabilities()} decides what is
     * routed to it: {@code chat} for {@link #chat} and {@link #chatStream}, {@code embeddings} for {@link #embed}.
     * The router replaces {@link ModelInfo#provider()} with {@link #id()} and drops entries without an id. Should be
     * quick (no remote call per reading); an exception or {@code null} keeps the list read before.
     */
    List<ModelInfo> models();

    /**
     * Answers a chat request with one completion. Called on a caller thread, concurrently with other requests. The
     * request's {@link ChatRequest#model()} is a model this provider listed with {@code chat}, and its
     * {@link ChatRequest#maxTokens()} is already within the router's limit for the model. Complete with a
     * completion that has message text and non-negative token counts; a missing model name, role or finish reason
     * is filled in by the router. Errors and cancellation as described on this interface.
     */
    CompletionStage<ChatCompletion> chat(ChatRequest request);

    /**
     * The reply as it is generated, one text fragment per item. A cold publisher: each subscription is one request.
     * The router subscribes at most once per publisher, on a caller thread.
     *
     * <p>Reactive Streams rules apply: call {@code onSubscribe} first, emit no more {@code onNext} than requested
     * (cumulative demand may reach {@code Long.MAX_VALUE}), signal serially, end with {@code onComplete} or
     * {@code onError}. Never emit {@code null}. The router calls {@code request} and {@code cancel} on caller
     * threads, possibly on different threads and not necessarily one after the other: the subscription must be
     * thread-safe. After {@code cancel} stop generating and release what the request holds; later signals are
     * ignored.
     *
     * <p>The first fragment must come within the model's timeout and each next one within the router's stream idle
     * timeout, or the router cancels. Excess or {@code null} fragments count as a failure. An {@code onError} before
     * the first fragment fails over like a failed {@link #chat}; after it, the client's stream ends with
     * {@code UNAVAILABLE} ({@code BAD_REQUEST} is passed on as it is).
     */
    Flow.Publisher<String> chatStream(ChatRequest request);

    /**
     * Embeds each input. Called on a caller thread, concurrently with other requests, for a model this provider
     * listed with {@code embeddings}. Complete with exactly one finite, non-empty vector per input, in input order,
     * all of one dimension, and a non-negative token count; anything else counts as a failure. Errors and
     * cancellation as described on this interface.
     */
    CompletionStage<Embeddings> embed(EmbeddingRequest request);
}
