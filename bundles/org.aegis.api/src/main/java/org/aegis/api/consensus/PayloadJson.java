package org.aegis.api.consensus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** The JSON reading and writing the platform's payload records share: one mapper, the same messages. */
final class PayloadJson {
    /** Configured once and never changed after: an ObjectMapper is then thread-safe. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private PayloadJson() {
    }

    /** The payload as a JSON object. */
    static JsonNode object(byte[] payload) {
        if (payload == null) {
            throw new InvalidPayloadException("payload is missing");
        }
        try {
            JsonNode node = JSON.readTree(payload);
            if (node == null || !node.isObject()) {
                throw new InvalidPayloadException("payload must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidPayloadException("payload is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidPayloadException("payload is unreadable: " + e.getMessage());
        }
    }

    static ObjectNode newObject() {
        return JSON.createObjectNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** A required non-blank string field. */
    static String text(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new InvalidPayloadException(field + " must be a non-empty string");
        }
        return value.asText();
    }
}
