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
 * signing key (a token issued before still works), the audit log, the metrics history, and the events a webhook
 * receiver that was away has not had yet: it gets every decision, in order, signed, when it is back.
 */
class NodeRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(120);
    private static final String WEBHOOK_SECRET = "the ops team's webhook secret";

    private static void propose(Http http, String token, String id) throws Exception {
        Http.Reply reply = http.post("/api/v1/proposals?wait=15", token,
                "{\"id\":\"" + id + "\",\"kind\":\"note\",\"payload\":{\"text\":\"" + id + "\"}}");
        assertEquals(201, reply.status(), id + ": " + reply.body());
    }

    private static void awaitWebhook(WebhookReceiver receiver, String proposalId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (receiver.accepted().stream()
                .noneMatch(event -> event.path("data").path("proposal_id").asText().equals(proposalId))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the webhook did not receive " + proposalId + "; it has "
                        + receiver.accepted() + ", refused " + receiver.refused());
            }
            Thread.sleep(200);
        }
    }

    /**
     * The receiver, de-duplicating by id, holds every decision of the node's log from the first it received to the
     * last, each once, in sequence order: nothing was lost across its absence and the node's restart.
     */
    private static void assertEveryDecisionOnceInOrder(WebhookReceiver receiver, NodeProcess node) throws Exception {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        receiver.accepted().forEach(event -> byId.putIfAbsent(event.get("id").asText(), event));
        List<Long> received = byId.values().stream().map(event -> event.path("data").path("sequence").asLong())
                .toList();
        List<Long> logged = node.decisions().stream().map(line -> Long.parseLong(line.split(" ")[0]))
                .filter(sequence -> sequence >= received.get(0) && sequence <= received.get(received.size() - 1))
                .toList();
        assertEquals(logged, received, "decisions the receiver got, de-duplicated by id, against the node's log");
        List<Long> outboxOrder = byId.values().stream().map(event -> event.get("sequence").asLong()).toList();
        assertEquals(outboxOrder.stream().sorted().toList(), outboxOrder, "in outbox order");
        assertTrue(receiver.refused().isEmpty(), "every post carried a valid signature: " + receiver.refused());
    }

    @Test
    void restartKeepsPeerIdTokensAuditLogAndUndeliveredEvents() throws Exception {
        Path distribution = Path.of(System.getProperty("aegis.distribution"));
        Path folder = Path.of(System.getProperty("project.build.directory", "target"), "restart-node");
        try (NodeProcess node = NodeProcess.unpack(distribution, folder);
                WebhookReceiver receiver = new WebhookReceiver(WEBHOOK_SECRET)) {
            receiver.start();
            node.configure("etc/org.aegis.events.webhook-ops.cfg", Map.of("name", "ops", "url", receiver.url(),
                    "secret", WEBHOOK_SECRET, "types", "aegis/consensus/decided"));
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
            awaitWebhook(receiver, "before-restart");
            receiver.stop();
            propose(http, admin, "receiver-away-1");
            propose(http, admin, "receiver-away-2");

            node.stop(Duration.ofSeconds(60));
            node.start();
            node.awaitReady(START);
            propose(http, admin, "after-restart");
            receiver.start();
            awaitWebhook(receiver, "after-restart");
            assertEveryDecisionOnceInOrder(receiver, node);

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
