package org.aegis.transport.libp2p.pubsub;

/**
 * The connection stack's outbound side of one peer's pubsub stream. The router calls it from its own serial
 * executor, so an implementation must not block: it queues the RPC and writes it (with its uvarint length prefix)
 * from the peer's event loop.
 */
@FunctionalInterface
public interface RpcSender {
    /**
     * Queues one encoded RPC (without length prefix) for the peer.
     *
     * @return false when the peer's outbound queue is full and the RPC was dropped
     */
    boolean send(byte[] rpc);
}
