package org.aegis.api.federated;

/** An encoded update body that {@link UpdateCodec} refuses; the message names the problem. */
public class MalformedUpdateException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public MalformedUpdateException(String message) {
        super(message);
    }
}
