package org.aegis.model.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import org.aegis.api.model.ChatMessage;

/** The OpenAI wire format's bodies, in snake_case on the wire; unknown fields are ignored. */
final class Wire {
    private Wire() {
    }

    static ObjectMapper mapper() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** POST /chat/completions. */
    record ChatBody(String model, List<ChatMessage> messages, int maxTokens, double temperature, boolean stream) {
    }

    /** A chat completion, or with {@code stream} one chunk of it (then the choices carry a delta). */
    record ChatResponse(String model, List<Choice> choices, Usage usage) {
    }

    /** {@code message} in a completion, {@code delta} in a chunk; finish_reason is null until the last one. */
    record Choice(ChatMessage message, ChatMessage delta, String finishReason) {
    }

    record Usage(int promptTokens, int completionTokens) {
    }

    /** POST /embeddings; float vectors, not base64. */
    record EmbeddingBody(String model, List<String> input, String encodingFormat) {
    }

    record EmbeddingResponse(String model, List<Embedding> data, Usage usage) {
    }

    record Embedding(int index, List<Double> embedding) {
    }

    /** GET /models. */
    record ModelList(List<ModelEntry> data) {
    }

    record ModelEntry(String id) {
    }
}
