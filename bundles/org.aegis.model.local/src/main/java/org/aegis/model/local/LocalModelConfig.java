package org.aegis.model.local;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the embedded model (PID {@code org.aegis.model.local}); checked by {@link LocalModelSettings}. */
@ObjectClassDefinition(id = LocalModelConfig.PID, name = "AEGIS local model",
        description = "The embedded character-level language model, trained on the node at first start and kept in"
                + " the store. Changing a training property retrains it.")
public @interface LocalModelConfig {
    String PID = "org.aegis.model.local";

    @AttributeDefinition(name = "Model id", description = "The name clients ask for.")
    String modelId() default "aegis-local-char";

    @AttributeDefinition(name = "Seed", description = "Seeds the initial weights and the batches: training is"
            + " deterministic, so nodes with the same settings get the same weights.")
    long seed() default 42;

    @AttributeDefinition(name = "Training steps", description = "Adam steps; 1 to 10000000. About 2.3 ms each"
            + " with the default sizes on one core.")
    int trainingSteps() default 20000;

    @AttributeDefinition(name = "Batch size", description = "Corpus positions per step; 1 to 4096.")
    int batchSize() default 32;

    @AttributeDefinition(name = "Learning rate", description = "Adam's initial step size, in (0, 1]; it decays"
            + " along a cosine to a tenth of it.")
    double learningRate() default 0.006;

    @AttributeDefinition(name = "Context (characters)",
            description = "Characters the model sees before the one it predicts; 1 to 256.")
    int contextLength() default 16;

    @AttributeDefinition(name = "Character embedding size", description = "1 to 256.")
    int embeddingSize() default 16;

    @AttributeDefinition(name = "Hidden units", description = "Also the size of the embeddings; 1 to 4096.")
    int hiddenSize() default 192;

    @AttributeDefinition(name = "Top-k", description = "Sampling draws from the k most likely characters; 0 for"
            + " all of them. 0 to 1000.")
    int topK() default 40;

    @AttributeDefinition(name = "Default max tokens",
            description = "Characters generated when a request asks for 0; 1 to the max tokens limit.")
    int defaultMaxTokens() default 200;

    @AttributeDefinition(name = "Max tokens limit",
            description = "Most characters one reply may have; a request for more gets at most this many"
                    + " (finish reason 'length'). 1 to 100000.")
    int maxTokensLimit() default 2000;

    @AttributeDefinition(name = "Max input characters", description = "Longest prompt (the messages joined) or"
            + " embedding input; longer ones are refused. 1 to 1000000.")
    int maxInputChars() default 8192;

    @AttributeDefinition(name = "Max embedding inputs", description = "Texts per embedding request; 1 to 10000.")
    int maxEmbeddingInputs() default 256;

    @AttributeDefinition(name = "Max concurrent requests",
            description = "Threads that run requests; 1 to 64.")
    int maxConcurrentRequests() default 2;

    @AttributeDefinition(name = "Queue capacity", description = "Requests admitted beyond the running ones; more"
            + " are refused with LIMIT_EXCEEDED. 0 to 10000.")
    int queueCapacity() default 32;
}
