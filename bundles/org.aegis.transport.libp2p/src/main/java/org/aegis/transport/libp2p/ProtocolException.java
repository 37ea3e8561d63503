package org.aegis.transport.libp2p;

/**
 * A peer (or a configuration value) broke a libp2p wire format or protocol rule. Every decoder of this bundle
 * reports malformed input with this exception only; the stream or connection it came from is then closed.
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
