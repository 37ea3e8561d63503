package org.aegis.api.model;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.osgi.annotation.versioning.ConsumerType;

/** A model provider plugin: an embedded model or a remote server. */
@ConsumerType
public interface ModelProvider {
    /** Unique id of this provider instance. */
    String id();

    List<ModelInfo> models();

    CompletionStage<ChatCompletion> chat(ChatRequest request);

    /** The reply as it is generated, one text fragment per item. */
    Flow.Publisher<String> chatStream(ChatRequest request);

    CompletionStage<Embeddings> embed(EmbeddingRequest request);
}
