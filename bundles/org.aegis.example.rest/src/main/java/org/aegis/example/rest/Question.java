package org.aegis.example.rest;

/**
 * The body of a question: {@code {"question": "...", "max_tokens": 64}}; without {@code max_tokens} the configured
 * limit applies. The platform's JSON provider refuses unknown fields with a 400 that names them.
 */
public record Question(String question, Integer maxTokens) {
}
