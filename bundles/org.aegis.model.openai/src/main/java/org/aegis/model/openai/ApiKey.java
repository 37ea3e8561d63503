package org.aegis.model.openai;

import java.util.Objects;
import java.util.Optional;

/**
 * A server's API key. Its {@link #toString} never shows the key, so it cannot leak into a log line or a settings
 * dump; {@link #redact} removes it from text the server sent back.
 */
final class ApiKey {
    static final ApiKey NONE = new ApiKey("");

    private static final String MASK = "****";

    private final String secret;

    private ApiKey(String secret) {
        this.secret = secret;
    }

    /**
     * @throws IllegalArgumentException when the key has a character a header value cannot carry (the message does
     *                                  not show the key)
     */
    static ApiKey of(String secret) {
        Objects.requireNonNull(secret, "secret");
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                throw new IllegalArgumentException(
                        "apiKey has a space, control or non-ASCII character at position " + i);
            }
        }
        return secret.isEmpty() ? NONE : new ApiKey(secret);
    }

    /** The Authorization header's value, empty when there is no key. */
    Optional<String> bearer() {
        return secret.isEmpty() ? Optional.empty() : Optional.of("Bearer " + secret);
    }

    /** The text with every occurrence of the key masked. */
    String redact(String text) {
        return secret.isEmpty() || text == null ? text : text.replace(secret, MASK);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey key && key.secret.equals(secret);
    }

    @Override
    public int hashCode() {
        return secret.hashCode();
    }

    @Override
    public String toString() {
        return secret.isEmpty() ? "(none)" : MASK;
    }
}
