package org.aegis.transport.libp2p.yamux;

import io.netty.buffer.ByteBuf;

/** Receives what the remote sends on one Yamux stream; called on the connection's event loop. */
public interface StreamInput {
    /** Bytes from a data frame; the receiver owns {@code data} and reports it consumed with {@link YamuxStream#consumed}. */
    void onData(ByteBuf data);

    /** The remote closed its half (FIN): nothing more will arrive. */
    void onEnd();

    /** The stream is gone: reset by either side, or its connection closed. */
    void onReset(Exception cause);
}
