package org.aegis.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;

/**
 * Reads the bodies of the OpenAI-compatible endpoints into the router's requests. The fields OpenAI documents that
 * the router can honour are read; any other field is refused by name rather than silently ignored.
 */
final class OpenAiRequests {
    /** OpenAI's default sampling temperature. */
    static final double DEFAULT_TEMPERATURE = 1.0;

    /**
     * A chat completion request as OpenAI clients send it.
     *
     * @param maxTokens           the older name of {@code max_completion_tokens}; either, not both
     * @param n                   choices to generate; only 1 is supported
     * @param user                the end user's id; accepted and not used
     */
    public record ChatBody(String model, List<MessageBody> messages, Integer maxTokens, Integer maxCompletionTokens,
            Double temperature, Boolean stream, Integer n, String user) {
    }

    /** {@code content} is a string or a list of parts {@code {"type": "text", "text": ...}}. */
    public record MessageBody(String role, JsonNode content, String name) {
    }

    /** {@code input} is a string or a list of strings; {@code encoding_format} is {@code float} or {@code base64}. */
    public record EmbeddingBody(String model, JsonNode input, String encodingFormat, String user) {
    }

    /** A chat request and whether the reply is streamed. */
    record Chat(ChatRequest request, boolean stream) {
    }

    /**
     * An embedding request and whether the vectors are answered as base64 (OpenAI's SDKs ask for that by default and
     * decode it themselves) instead of lists of numbers.
     */
    record Embedding(EmbeddingRequest request, boolean base64) {
    }

    private final ObjectMapper mapper;

    OpenAiRequests(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @throws IllegalArgumentException with what was wrong, for a 400
     * @throws IOException              when the body is not JSON of this shape (see {@link ErrorMappers#describe})
     */
    Chat chat(InputStream body) throws IOException {
        ChatBody chat = mapper.readValue(body, ChatBody.class);
        if (chat == null) {
            throw new IllegalArgumentException("a JSON body is required: {\"model\": ..., \"messages\": [...]}");
        }
        if (chat.messages() == null || chat.messages().isEmpty()) {
            throw new IllegalArgumentException("'messages' must be a non-empty list");
        }
        if (chat.n() != null && chat.n() != 1) {
            throw new IllegalArgumentException("'n' must be 1: one choice per request is supported");
        }
        if (chat.maxTokens() != null && chat.maxCompletionTokens() != null) {
            throw new IllegalArgumentException("give 'max_tokens' or 'max_completion_tokens', not both");
        }
        Integer maxTokens = chat.maxTokens() != null ? chat.maxTokens() : chat.maxCompletionTokens();
        if (maxTokens != null && maxTokens < 1) {
            throw new IllegalArgumentException("'max_tokens' must be at least 1, was " + maxTokens);
        }
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < chat.messages().size(); i++) {
            messages.add(message(i, chat.messages().get(i)));
        }
        double temperature = chat.temperature() == null ? DEFAULT_TEMPERATURE : chat.temperature();
        return new Chat(new ChatRequest(chat.model(), List.copyOf(messages), maxTokens == null ? 0 : maxTokens,
                temperature), Boolean.TRUE.equals(chat.stream()));
    }

    /**
     * @throws IllegalArgumentException with what was wrong, for a 400
     * @throws IOException              when the body is not JSON of this shape
     */
    Embedding embeddings(InputStream body) throws IOException {
        EmbeddingBody embedding = mapper.readValue(body, EmbeddingBody.class);
        if (embedding == null) {
            throw new IllegalArgumentException("a JSON body is required: {\"model\": ..., \"input\": ...}");
        }
        String format = embedding.encodingFormat() == null ? "float" : embedding.encodingFormat();
        if (!format.equals("float") && !format.equals("base64")) {
            throw new IllegalArgumentException("'encoding_format' must be 'float' or 'base64', was '" + format + "'");
        }
        JsonNode input = embedding.input();
        List<String> texts = new ArrayList<>();
        if (input != null && input.isTextual()) {
            texts.add(input.asText());
        } else if (input != null && input.isArray() && !input.isEmpty()) {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    throw new IllegalArgumentException("'input' must be a string or a list of strings;"
                            + " token arrays are not supported");
                }
                texts.add(item.asText());
            }
        } else {
            throw new IllegalArgumentException("'input' must be a string or a non-empty list of strings");
        }
        return new Embedding(new EmbeddingRequest(embedding.model(), List.copyOf(texts)), format.equals("base64"));
    }

    private static ChatMessage message(int index, MessageBody message) {
        String where = "messages[" + index + "]";
        if (message == null || message.role() == null) {
            throw new IllegalArgumentException(where + " needs a 'role'");
        }
        String role = switch (message.role().toLowerCase(Locale.ROOT)) {
            case "system", "developer" -> "system";
            case "user" -> "user";
            case "assistant" -> "assistant";
            default -> throw new IllegalArgumentException(where + ": role '" + message.role()
                    + "' is not supported; use system, developer, user or assistant");
        };
        return new ChatMessage(role, text(where, message.content()));
    }

    private static String text(String where, JsonNode content) {
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        if (content != null && content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode part : content) {
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw new IllegalArgumentException(where + ": only text content parts"
                            + " {\"type\": \"text\", \"text\": ...} are supported");
                }
                text.append(part.get("text").asText());
            }
            return text.toString();
        }
        throw new IllegalArgumentException(where + " needs 'content': a string or a list of text parts");
    }
}
