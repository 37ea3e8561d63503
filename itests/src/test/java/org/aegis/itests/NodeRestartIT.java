package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The distribution as an operator runs it, as its own process: a restart keeps the node's peer id, the tokens'
 * signing key (a token issued before still works), the audit log and the metrics history.
 */
class NodeRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(120);

    @Test
    void restartKeepsPeerIdTokensAndAuditLog() throws Exception {
        Path distribution = Path.of(System.getProperty("aegis.distribution"));
        Path folder = Path.of(System.getProperty("project.build.directory", "target"), "restart-node");
        try (NodeProcess node = NodeProcess.unpack(distribution, folder)) {
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

            node.stop(Duration.ofSeconds(60));
            node.start();
            node.awaitReady(START);

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
