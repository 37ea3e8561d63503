package org.aegis.api.model;

import java.util.List;

/** A chat completion request. */
public record ChatRequest(String model, List<ChatMessage> messages, int maxTokens, double temperature) {
}
