package org.aegis.api.router;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.Embeddings;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.model.ModelProvider;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's entry point for AI requests: routes each request by model name to one of the installed
 * {@link ModelProvider}s, balancing, falling back and limiting as configured. Failures complete exceptionally
 * with a {@link ModelException}.
 */
@ProviderType
public interface ModelRouter {
    /** Every model some available provider serves, once per model id. */
    List<ModelInfo> models();

    CompletionStage<ChatCompletion> chat(ChatRequest request);

    /** The reply as it is generated, one text fragment per item; errors with a {@link ModelException}. */
    Flow.Publisher<String> chatStream(ChatRequest request);

    CompletionStage<Embeddings> embed(EmbeddingRequest request);

    /** Live state of each provider. */
    List<ProviderStatus> providers();
}
