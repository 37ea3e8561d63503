package org.aegis.rest;

import java.io.IOException;

/** A request body refused while it was read (too large, or too slow); answered with its status whichever reader read it. */
final class BodyRefusedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int status;

    BodyRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
