package org.aegis.transport.libp2p;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.aegis.api.Registration;
import org.aegis.api.transport.PubSubMessage;

/**
 * The transport's view of the gossipsub router ({@code org.aegis.transport.libp2p.pubsub.GossipRouter} has these
 * methods): the transport reports peers and their RPCs, the router sends RPCs back through each peer's
 * {@link RpcSender}.
 */
interface PubSubRouter {
    /** Writes one RPC to a peer; false when that peer's outbound queue is full and the RPC was dropped. */
    @FunctionalInterface
    interface RpcSender {
        boolean send(byte[] rpc);
    }

    /** A peer that speaks meshsub is connected and has an outbound stream for RPCs. */
    void peerConnected(String peerId, RpcSender sender);

    void peerDisconnected(String peerId);

    /** One RPC from {@code peerId}, already de-framed. */
    void rpcReceived(String peerId, byte[] rpc);

    Registration subscribe(String topic, Consumer<PubSubMessage> handler);

    CompletionStage<Void> publish(String topic, byte[] data);
}
