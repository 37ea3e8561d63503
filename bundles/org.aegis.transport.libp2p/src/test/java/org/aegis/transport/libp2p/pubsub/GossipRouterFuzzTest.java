package org.aegis.transport.libp2p.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.aegis.transport.libp2p.pubsub.GossipNetwork.Node;
import org.aegis.transport.libp2p.pubsub.GossipNetwork.RawPeer;

/**
 * Arbitrary bytes as a peer's RPC never make the router throw, neither on the caller's thread nor inside its
 * executor, where a failed task would show as an internal error. Without JAZZER_FUZZ=1 it replays the inputs under
 * src/test/resources (valid RPCs of every kind to mutate from); with it, Jazzer fuzzes for 10 s.
 */
class GossipRouterFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void arbitraryRpcBytesNeverThrow(byte[] rpc) {
        try (GossipNetwork net = new GossipNetwork(1, GossipConfig.defaults(), 1)) {
            Node node = net.node(0);
            node.subscribe("aegis/metrics/1");
            RawPeer peer = net.rawPeer(2, node);
            peer.sendBytes(rpc);
            net.heartbeats(1);
            assertEquals(0, node.snapshot().internalErrors());
        }
    }
}
