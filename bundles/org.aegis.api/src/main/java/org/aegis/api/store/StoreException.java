package org.aegis.api.store;

/** The store cannot do what was asked: its file is corrupt, locked by another process, or it is closed. */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
