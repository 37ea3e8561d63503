package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AEGIS's own libp2p stack against a real js-libp2p peer, in both directions, through the product's paths: the
 * distribution runs as a process, the js peer dials it or is dialled through {@code POST /api/v1/peers}, and the
 * metrics engine's gossipsub topic carries messages both ways.
 */
class Libp2pInteropIT {
    static final String METRICS_TOPIC = "aegis/metrics/1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration GOSSIP = Duration.ofSeconds(60);

    private static NodeProcess node;
    private static String admin;
    private static String peerId;
    private static String address;

    @BeforeAll
    static void startNode() throws Exception {
        Path distribution = Path.of(System.getProperty("aegis.distribution"));
        node = NodeProcess.unpack(distribution, Path.of(System.getProperty("project.build.directory", "target"), "interop-node"));
        // a report needs 20·13 samples: at 50 Hz the first one comes after 5.2 s instead of 13 s
        node.configure("etc/org.aegis.metrics.cfg", "tickHz", "50");
        node.start();
        node.awaitReady(START);
        admin = node.adminToken();
        JsonNode status = JSON.readTree(node.http().get("/api/network/status", null).body());
        peerId = status.get("peer_id").asText();
        address = status.get("listen_addresses").get(0).asText();
        assertTrue(address.startsWith("/ip4/127.0.0.1/tcp/" + node.libp2pPort()) && address.endsWith("/p2p/" + peerId), address);
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void jsDialsAegis() throws Exception {
        try (JsPeer js = JsPeer.start()) {
            assertEquals(peerId, js.dial(address));
            assertTrue(js.ping(peerId) > 0);
            JsPeer.Identify identified = js.identify(peerId);
            assertTrue(identified.agentVersion().startsWith("aegis/"), identified.agentVersion());
            assertTrue(identified.protocols().containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "/meshsub/1.1.0")),
                    identified.protocols().toString());
            assertTrue(identified.listenAddrs().stream().anyMatch(a -> address.startsWith(a)), identified.listenAddrs().toString());

            JsonNode seen = awaitPeer(js.peerId());
            assertTrue(protocols(seen).containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0")), seen.toString());
            Http.Reply ping = node.http().post("/api/v1/peers/" + js.peerId() + "/ping", admin, "");
            assertEquals(200, ping.status(), ping.body());
            assertTrue(JSON.readTree(ping.body()).get("rtt_ms").asDouble() > 0, ping.body());
        }
    }

    @Test
    void aegisDialsJs() throws Exception {
        try (JsPeer js = JsPeer.start()) {
            Http.Reply connected = node.http().post("/api/v1/peers", admin,
                    JSON.createObjectNode().put("address", js.address()).toString());
            assertEquals(201, connected.status(), connected.body());
            assertEquals(js.peerId(), JSON.readTree(connected.body()).get("peer_id").asText());
            js.awaitEvent("connected", peerId, JsPeer.TIMEOUT);
            assertTrue(js.ping(peerId) > 0);
            JsPeer.Identify identified = js.awaitIdentified(peerId, JsPeer.TIMEOUT);
            assertTrue(identified.protocols().contains("/meshsub/1.1.0"), identified.protocols().toString());
            JsonNode seen = awaitPeer(js.peerId());
            assertTrue(protocols(seen).contains("/meshsub/1.1.0"), seen.toString());
        }
    }

    @Test
    void wrongPeerIdIsRefused() throws Exception {
        try (JsPeer js = JsPeer.start(); JsPeer other = JsPeer.start()) {
            String lie = js.addrs().get(0).replace(js.peerId(), other.peerId());
            Http.Reply refused = node.http().post("/api/v1/peers", admin, JSON.createObjectNode().put("address", lie).toString());
            assertEquals(502, refused.status(), refused.body());
            assertTrue(refused.body().contains(other.peerId()), refused.body());
        }
    }

    @Test
    void metricsGossipTravelsBothWays() throws Exception {
        try (JsPeer js = JsPeer.start()) {
            js.subscribe(METRICS_TOPIC);
            js.dial(address);
            // AEGIS → js: the node's own metrics messages, signed by it
            JsPeer.Message fromAegis = awaitMessageFrom(js, peerId);
            JsonNode message = JSON.readTree(fromAegis.data());
            assertEquals(peerId, message.get("node_id").asText());
            assertTrue(message.get("consciousness_metrics").has("phi"), message.toString());

            // js → AEGIS: the js peer speaks as a node in the seed's format until AEGIS lists it among its peers
            long deadline = System.nanoTime() + GOSSIP.toNanos();
            while (System.nanoTime() < deadline) {
                js.publish(METRICS_TOPIC, seedMessage(js.peerId()));
                JsonNode peers = JSON.readTree(node.http().get("/api/metrics/integration", null).body()).get("peers");
                for (JsonNode peer : peers) {
                    if (peer.get("node_id").asText().equals(js.peerId())) {
                        assertEquals(0.5, peer.get("consciousness_metrics").get("consciousness_level").asDouble(), 1e-12);
                        return;
                    }
                }
                Thread.sleep(500);
            }
            throw new AssertionError("AEGIS never listed the js peer's metrics:\n" + node.log());
        }
    }

    static JsPeer.Message awaitMessageFrom(JsPeer js, String author) {
        long deadline = System.nanoTime() + GOSSIP.toNanos();
        while (System.nanoTime() < deadline) {
            JsPeer.Message message = js.awaitMessage(METRICS_TOPIC, GOSSIP);
            if (message.from().equals(author)) {
                return message;
            }
        }
        throw new AssertionError("no message from " + author);
    }

    static byte[] seedMessage(String nodeId) {
        String json = String.format(Locale.ROOT, "{\"timestamp\": %.3f, \"node_id\": \"%s\", \"mean_phase\": 1.0, "
                + "\"consciousness_metrics\": {\"phi\": 0.4, \"coherence\": 0.6, \"stability\": 0.7, \"divergence\": 0.2, "
                + "\"consciousness_level\": 0.5}, \"global_state\": {\"network_coherence\": 0.6, "
                + "\"collective_awareness\": 0.5, \"system_health\": 1.0}}", Instant.now().toEpochMilli() / 1000.0, nodeId);
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode awaitPeer(String id) throws Exception {
        long deadline = System.nanoTime() + JsPeer.TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode peer : JSON.readTree(node.http().get("/api/v1/peers", null).body())) {
                if (peer.get("peer_id").asText().equals(id) && peer.get("protocols").size() > 0) {
                    return peer;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("AEGIS does not list peer " + id + " with its protocols");
    }

    private static List<String> protocols(JsonNode peer) {
        List<String> protocols = new ArrayList<>();
        peer.get("protocols").forEach(p -> protocols.add(p.asText()));
        return protocols;
    }
}
