package org.aegis.tls;

/** A certificate or key file that cannot be used; the message names the file and what is wrong. */
final class TlsFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TlsFileException(String message) {
        super(message);
    }

    TlsFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
