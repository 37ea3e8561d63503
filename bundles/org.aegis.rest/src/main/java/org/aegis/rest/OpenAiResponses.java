package org.aegis.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.Embeddings;
import org.aegis.api.model.ModelInfo;

/** The bodies the OpenAI-compatible endpoints answer with, field for field as OpenAI's (snake_case on the wire). */
final class OpenAiResponses {
    private OpenAiResponses() {
    }

    public record ModelList(String object, List<ModelEntry> data) {
    }

    public record ModelEntry(String id, String object, long created, String ownedBy) {
    }

    public record Completion(String id, String object, long created, String model, List<Choice> choices,
            Usage usage) {
    }

    public record Choice(int index, Message message, String finishReason) {
    }

    public record Message(String role, String content) {
    }

    public record Usage(int promptTokens, int completionTokens, int totalTokens) {
    }

    /** One server-sent event of a streamed completion. */
    public record Chunk(String id, String object, long created, String model, List<ChunkChoice> choices) {
    }

    /** {@code finish_reason} is null on every chunk but the last, as OpenAI sends it. */
    public record ChunkChoice(int index, Delta delta, String finishReason) {
    }

    /** Only the parts that change: the role on the first chunk, text on the others, nothing on the last. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delta(String role, String content) {
    }

    public record EmbeddingList(String object, List<EmbeddingEntry> data, String model, EmbeddingUsage usage) {
    }

    /**
     * @param embedding the vector: a list of numbers, or with {@code encoding_format: base64} a string, the base64 of
     *                  its little-endian float32 values, as OpenAI answers
     */
    public record EmbeddingEntry(String object, int index, Object embedding) {
    }

    public record EmbeddingUsage(int promptTokens, int totalTokens) {
    }

    static String completionId() {
        return "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    }

    static ModelList models(List<ModelInfo> models) {
        return new ModelList("list", models.stream().map(m -> new ModelEntry(m.id(), "model", 0, m.provider()))
                .toList());
    }

    static Completion completion(String id, long created, ChatCompletion c) {
        return new Completion(id, "chat.completion", created, c.model(),
                List.of(new Choice(0, new Message(c.message().role(), c.message().content()), c.finishReason())),
                new Usage(c.promptTokens(), c.completionTokens(), c.promptTokens() + c.completionTokens()));
    }

    static Chunk chunk(String id, long created, String model, Delta delta, String finishReason) {
        return new Chunk(id, "chat.completion.chunk", created, model, List.of(new ChunkChoice(0, delta, finishReason)));
    }

    static EmbeddingList embeddings(Embeddings e, boolean base64) {
        List<EmbeddingEntry> data = new ArrayList<>();
        for (int i = 0; i < e.vectors().size(); i++) {
            List<Double> vector = e.vectors().get(i);
            data.add(new EmbeddingEntry("embedding", i, base64 ? base64(vector) : vector));
        }
        return new EmbeddingList("list", data, e.model(), new EmbeddingUsage(e.promptTokens(), e.promptTokens()));
    }

    private static String base64(List<Double> vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        vector.forEach(value -> bytes.putFloat(value.floatValue()));
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
