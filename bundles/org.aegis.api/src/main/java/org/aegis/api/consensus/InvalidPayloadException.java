package org.aegis.api.consensus;

/**
 * A decision's payload that does not have the shape its kind defines; the message says what is wrong, for the
 * proposer (REST answers 400 with it) and for the outcome a replica records when such a decision is committed anyway.
 */
public class InvalidPayloadException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidPayloadException(String message) {
        super(message);
    }
}
