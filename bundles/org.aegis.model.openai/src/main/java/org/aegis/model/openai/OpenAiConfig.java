package org.aegis.model.openai;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One OpenAI-compatible server (factory PID {@code org.aegis.model.openai}): every factory configuration, e.g.
 * {@code etc/org.aegis.model.openai-ollama.cfg}, registers one model provider. Checked by {@link ProviderSettings}.
 */
@ObjectClassDefinition(id = OpenAiConfig.FACTORY_PID, name = "AEGIS OpenAI-compatible model provider",
        description = "A model provider for an OpenAI-compatible server (Ollama, vLLM, llama.cpp's server, another"
                + " AEGIS node): one per configuration.")
public @interface OpenAiConfig {
    String FACTORY_PID = "org.aegis.model.openai";

    @AttributeDefinition(name = "Provider id", required = false,
            description = "Unique id of this provider (letters, digits, '.', '_', '-'; at most 64). Empty: the"
                    + " configuration's name, e.g. 'ollama' for etc/org.aegis.model.openai-ollama.cfg.")
    String providerId() default "";

    @AttributeDefinition(name = "Base URL",
            description = "The server's OpenAI API root, http or https, without query: requests go to"
                    + " {base}/chat/completions, {base}/embeddings and {base}/models.")
    String baseUrl() default "http://127.0.0.1:11434/v1";

    /** Never a service property: the component registers the provider with properties it chooses. */
    @AttributeDefinition(name = "API key", type = AttributeType.PASSWORD, required = false,
            description = "Sent as 'Authorization: Bearer <key>'; empty sends no Authorization header.")
    String apiKey() default "";

    @AttributeDefinition(name = "Models", required = false,
            description = "The model ids this provider serves (in a .cfg file: comma-separated); requests for"
                    + " others are refused. Empty: ask the server (GET {base}/models) at start and every discovery"
                    + " interval.")
    String[] models() default {};

    @AttributeDefinition(name = "Capabilities",
            description = "What the models can do: chat, embeddings, or both (comma-separated in a .cfg file).")
    String[] capabilities() default {"chat", "embeddings"};

    @AttributeDefinition(name = "Discovery interval (ms)",
            description = "How often the model list is asked for again when no models are configured; 0 asks at"
                    + " start only. 0 or 1000 to 86400000.")
    long discoveryIntervalMs() default 300_000;

    @AttributeDefinition(name = "Connect timeout (ms)", description = "1 to 600000.")
    long connectTimeoutMs() default 5_000;

    @AttributeDefinition(name = "Request timeout (ms)",
            description = "Time for a whole answer (chat, embeddings, model list), or for a stream's first response"
                    + " headers. 1 to 3600000.")
    long requestTimeoutMs() default 120_000;

    @AttributeDefinition(name = "Stream idle timeout (ms)",
            description = "A stream fails when the server sends nothing for this long while the reader waits."
                    + " 1 to 3600000.")
    long streamIdleTimeoutMs() default 60_000;

    @AttributeDefinition(name = "Max concurrent requests",
            description = "Requests in flight at once; more are refused with LIMIT_EXCEEDED. 1 to 10000.")
    int maxConcurrentRequests() default 16;

    @AttributeDefinition(name = "Max response size (bytes)",
            description = "Largest response body, and largest single stream event, read into memory. 1024 to"
                    + " 1073741824.")
    int maxResponseBytes() default 8 * 1024 * 1024;
}
