package org.aegis.model.orchestrator;

import java.util.concurrent.CompletionStage;
import org.aegis.api.model.ModelProvider;

/** One kind of request-response call the router can route and fail over: chat or embeddings. */
interface Operation<T> {
    String capability();

    /** Calls the provider for the model; the request is shaped for that model (e.g. its token limit). */
    CompletionStage<T> call(ModelProvider provider, String model);

    /**
     * The answer checked and completed.
     *
     * @throws BadAnswer when it is not a usable answer
     */
    T check(T answer, String model);

    long promptTokens(T answer);

    long completionTokens(T answer);
}
