package org.aegis.api.model;

/** One message of a conversation; role is {@code system}, {@code user} or {@code assistant}. */
public record ChatMessage(String role, String content) {
}
