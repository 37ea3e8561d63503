package org.aegis.model.orchestrator;

/** A provider answered something that is not an answer: null, missing parts, impossible numbers. */
final class BadAnswer extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadAnswer(String message) {
        super(message);
    }
}
