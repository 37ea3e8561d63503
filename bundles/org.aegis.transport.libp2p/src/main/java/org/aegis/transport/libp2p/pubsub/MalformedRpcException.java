package org.aegis.transport.libp2p.pubsub;

/** A received RPC broke the protocol or our limits; the whole RPC is dropped and counted against its sender. */
final class MalformedRpcException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRpcException(String message) {
        super(message, null, false, false);
    }
}
