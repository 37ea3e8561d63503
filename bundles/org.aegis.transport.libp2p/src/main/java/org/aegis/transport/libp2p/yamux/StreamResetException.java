package org.aegis.transport.libp2p.yamux;

import java.io.IOException;

/** A stream was reset (by either side) or lost with its connection before it finished. */
public final class StreamResetException extends IOException {
    private static final long serialVersionUID = 1L;

    public StreamResetException(String message) {
        super(message);
    }
}
