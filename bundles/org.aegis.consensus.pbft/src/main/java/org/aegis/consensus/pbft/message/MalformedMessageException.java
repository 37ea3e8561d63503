package org.aegis.consensus.pbft.message;

/** Bytes that are not a well-formed PBFT message: truncated, over a length limit, of an unknown type... */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
