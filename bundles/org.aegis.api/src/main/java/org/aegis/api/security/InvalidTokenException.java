package org.aegis.api.security;

/** A token that is malformed, not signed by this node, or expired. The message says which. */
public class InvalidTokenException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidTokenException(String message) {
        super(message);
    }
}
