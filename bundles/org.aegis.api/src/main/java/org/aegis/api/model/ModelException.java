package org.aegis.api.model;

/** Why a model request failed, in terms a client can act on. */
public class ModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The request is malformed or asks for something the model cannot do. */
        BAD_REQUEST,
        /** No available provider serves the model. */
        MODEL_NOT_FOUND,
        /** A concurrency or token limit refused the request. */
        LIMIT_EXCEEDED,
        /** The provider did not answer in time. */
        TIMEOUT,
        /** Every provider that serves the model failed or has its circuit open. */
        UNAVAILABLE
    }

    private final Reason reason;

    public ModelException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ModelException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
