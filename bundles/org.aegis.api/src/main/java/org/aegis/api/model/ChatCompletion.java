package org.aegis.api.model;

/** A chat completion: the reply, why it stopped and what it cost in tokens. */
public record ChatCompletion(String model, ChatMessage message, String finishReason, int promptTokens,
        int completionTokens) {
}
