package org.aegis.rest;

import java.io.IOException;

/** A request body passed its limit while it was read; answered 413 whichever reader was reading it. */
final class BodyTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException(long limit) {
        super("request body over " + limit + " bytes");
    }
}
