package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Two distributions on one machine, as an operator would run them: the second is given the first's address as its
 * bootstrap peer, they connect over libp2p, and each one's metrics reach the other by gossipsub, so each shows the
 * other in its integration view and counts it in its global state.
 */
class NetworkOfNodesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration GOSSIP = Duration.ofSeconds(90);

    @Test
    void twoNodesFindEachOtherFromABootstrapAddressAndShareMetrics() throws Exception {
        Path distribution = Path.of(System.getProperty("aegis.distribution"));
        Path target = Path.of(System.getProperty("project.build.directory", "target"));
        try (NodeProcess first = NodeProcess.unpack(distribution, target.resolve("network-a"));
                NodeProcess second = NodeProcess.unpack(distribution, target.resolve("network-b"))) {
            first.configure("etc/org.aegis.metrics.cfg", "tickHz", "50");
            second.configure("etc/org.aegis.metrics.cfg", "tickHz", "50");
            first.start();
            first.awaitReady(START);
            JsonNode status = JSON.readTree(first.http().get("/api/network/status", null).body());
            String firstId = status.get("peer_id").asText();
            second.configure("etc/org.aegis.transport.libp2p.cfg", "bootstrap", status.get("listen_addresses").get(0).asText());
            second.start();
            second.awaitReady(START);
            String secondId = JSON.readTree(second.http().get("/api/v1/node", null).body()).get("peer_id").asText();

            awaitPeerMetrics(first, secondId);
            awaitPeerMetrics(second, firstId);
        }
    }

    /** Waits until {@code node} lists {@code peer}'s metrics and its global state counts a peer. */
    private static void awaitPeerMetrics(NodeProcess node, String peer) throws Exception {
        long deadline = System.nanoTime() + GOSSIP.toNanos();
        JsonNode view = null;
        while (System.nanoTime() < deadline) {
            Http.Reply reply = node.http().get("/api/metrics/integration", null);
            if (reply.status() == 200) {
                view = JSON.readTree(reply.body());
                for (JsonNode p : view.get("peers")) {
                    if (p.get("node_id").asText().equals(peer)) {
                        assertTrue(view.get("weights").size() == 2, view.toString());
                        return;
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no metrics from " + peer + " in " + view + "\n" + node.log());
    }
}
