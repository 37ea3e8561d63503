package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The distribution as an operator runs it, as its own process: a restart keeps the node's peer id, the tokens'
 * signing key (a token issued before still works), the audit log, the metrics history, and the events receivers
 * that were away have not had yet: a webhook receiver and a real Redis, both down across the node's restart, get
 * every decision, in order, when they are back (the webhook's signed).
 */
class NodeRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(120);
    private static final String WEBHOOK_SECRET = "the ops team's webhook secret";
    private static final String STREAM = "aegis:events";

    private static void propose(Http http, String token, String id) throws Exception {
        Http.Reply reply = http.post("/api/v1/proposals?wait=15", token,
                "{\"id\":\"" + id + "\",\"kind\":\"note\",\"payload\":{\"text\":\"" + id + "\"}}");
        assertEquals(201, reply.status(), id + ": " + reply.body());
    }

    /** What a receiver holds, every event it took, duplicates included, in arrival order. */
    private interface Received {
        List<JsonNode> events() throws Exception;
    }

    private static void awaitReceived(Received receiver, String proposalId, String name) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (receiver.events().stream()
                .noneMatch(event -> event.path("data").path("proposal_id").asText().equals(proposalId))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + " did not receive " + proposalId + "; it has " + receiver.events());
            }
            Thread.sleep(200);
        }
    }

    /**
     * The receiver, de-duplicating by id, holds every decision of the node's log from the first it received to the
     * last, each once, in sequence order: nothing was lost across its absence and the node's restart.
     */
    private static void assertEveryDecisionOnceInOrder(List<JsonNode> events, NodeProcess node, String name)
            throws Exception {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        events.forEach(event -> byId.putIfAbsent(event.get("id").asText(), event));
        List<Long> received = byId.values().stream().map(event -> event.path("data").path("sequence").asLong())
                .toList();
        List<Long> logged = node.decisions().stream().map(line -> Long.parseLong(line.split(" ")[0]))
                .filter(sequence -> sequence >= received.get(0) && sequence <= received.get(received.size() - 1))
                .toList();
        assertEquals(logged, received, name + ": decisions received, de-duplicated by id, against the node's log");
        List<Long> outboxOrder = byId.values().stream().map(event -> event.get("sequence").asLong()).toList();
        assertEquals(outboxOrder.stream().sorted().toList(), outboxOrder, name + ": in outbox order");
    }

    @Test
    void restartKeepsPeerIdTokensAuditLogAndUndeliveredEvents() throws Exception {
        Path distribution = Path.of(System.getProperty("aegis.distribution"));
        Path folder = Path.of(System.getProperty("project.build.directory", "target"), "restart-node");
        try (NodeProcess node = NodeProcess.unpack(distribution, folder);
                WebhookReceiver receiver = new WebhookReceiver(WEBHOOK_SECRET);
                RedisServer redis = new RedisServer(folder.resolveSibling("restart-node-redis"))) {
            receiver.start();
            redis.start();
            node.configure("etc/org.aegis.events.webhook-ops.cfg", Map.of("name", "ops", "url", receiver.url(),
                    "secret", WEBHOOK_SECRET, "types", "aegis/consensus/decided"));
            node.configure("etc/org.aegis.events.redis-pipeline.cfg", Map.of("name", "pipeline",
                    "port", String.valueOf(redis.port()), "stream", STREAM, "types", "aegis/consensus/decided"));
            node.start();
            Http http = node.http();
            node.awaitReady(START);
            String peerId = JSON.readTree(http.get("/api/v1/node", null).body()).get("peer_id").asText();
            assertTrue(peerId.startsWith("12D3KooW"), peerId);

            String admin = node.adminToken();
            Http.Reply issued = http.post("/api/v1/tokens", admin,
                    "{\"role\":\"reader\",\"subject\":\"restart-check\",\"expires_in\":\"PT1H\"}");
            assertEquals(201, issued.status(), issued.body());
            String reader = JSON.readTree(issued.body()).get("token").asText();
            http.await("/api/metrics", 200, START);
            Thread.sleep(2500); // a few reports into the history, which is written every second
            double beforeStop = JSON.readTree(http.get("/api/metrics", null).body()).get("timestamp").asDouble();

            propose(http, admin, "before-restart");
            awaitReceived(receiver::accepted, "before-restart", "the webhook");
            awaitReceived(() -> redis.events(STREAM), "before-restart", "Redis");
            receiver.stop();
            redis.stop();
            propose(http, admin, "receiver-away-1");
            propose(http, admin, "receiver-away-2");

            node.stop(Duration.ofSeconds(60));
            node.start();
            node.awaitReady(START);
            propose(http, admin, "after-restart");
            receiver.start();
            redis.start();
            awaitReceived(receiver::accepted, "after-restart", "the webhook");
            awaitReceived(() -> redis.events(STREAM), "after-restart", "Redis");
            assertEveryDecisionOnceInOrder(receiver.accepted(), node, "the webhook");
            assertTrue(receiver.refused().isEmpty(), "every post carried a valid signature: " + receiver.refused());
            assertEveryDecisionOnceInOrder(redis.events(STREAM), node, "the Redis stream");

            assertEquals(peerId, JSON.readTree(http.get("/api/v1/node", null).body()).get("peer_id").asText());
            assertEquals(200, http.get("/api/v1/node", reader).status(), "a token issued before the restart");
            JsonNode entries = JSON.readTree(http.get("/api/v1/audit", admin).body()).get("entries");
            boolean found = false;
            for (JsonNode entry : entries) {
                found |= entry.get("action").asText().equals("POST /api/v1/tokens")
                        && entry.get("outcome").asText().equals("201")
                        && entry.get("detail").asText().contains("restart-check");
            }
            assertTrue(found, "audit entry from before the restart: " + entries);

            JsonNode history = JSON.readTree(http.get(String.format(Locale.ROOT,
                    "/api/v1/metrics/history?step=1&from=%.3f&to=%.3f", beforeStop - 60, beforeStop + 1), null).body());
            assertTrue(history.path("points").size() >= 1, "metrics history from before the restart: " + history);
        }
    }
}
