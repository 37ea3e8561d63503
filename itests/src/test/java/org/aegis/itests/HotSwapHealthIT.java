package org.aegis.itests;

import static org.aegis.itests.OpenAiApi.JSON;
import static org.aegis.itests.OpenAiApi.LOCAL_MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Plugins swapped while the node runs, as an operator does it with {@code bin/client}: a stopped consensus engine or
 * transport shows in {@code /api/health} as DEGRADED, naming what is missing, until it is back; a model provider's
 * bundle updated under load answers every request (they wait for it to come back).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class HotSwapHealthIT {
    private static final Duration START = Duration.ofSeconds(150);
    /** How soon health must follow a bundle stopping or starting. */
    private static final Duration NOTICE = Duration.ofSeconds(10);
    private static final int CLIENTS = 4;
    private NodeProcess node;

    @BeforeAll
    void startNode() throws Exception {
        node = NodeProcess.unpack(Path.of(System.getProperty("aegis.distribution")),
                Path.of(System.getProperty("project.build.directory", "target"), "hot-swap"));
        node.start();
        OpenAiApi.awaitModelReady(node, START);
        node.shellUntil("aegis:status", "Peer id", START);
    }

    @AfterAll
    void stopNode() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    private void client(String command) throws Exception {
        NodeProcess.ClientRun run = node.client(command, Duration.ofSeconds(60));
        assertEquals(0, run.exit(), command + ": " + run.output());
    }

    /** Polls /api/health until its status is {@code status} and the component's detail starts with {@code detail}. */
    private JsonNode awaitHealth(String status, String component, String detail, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode health;
        do {
            health = JSON.readTree(node.http().get("/api/health", null).body());
            if (health.path("status").asText().equals(status)
                    && health.path("components").path(component).path("detail").asText().startsWith(detail)) {
                return health;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("/api/health is not " + status + " with " + component + " '" + detail + "' within "
                + timeout + ": " + health);
    }

    private void stopAndStart(String bundle, String component, String missing) throws Exception {
        awaitHealth("healthy", component, "", NOTICE);
        client("bundle:stop " + bundle);
        JsonNode degraded = awaitHealth("degraded", component, missing, NOTICE);
        assertEquals("degraded", degraded.path("components").path(component).path("status").asText(),
                degraded.toString());
        assertEquals(503, node.http().get("/api/health", null).status());
        client("bundle:start " + bundle);
        awaitHealth("healthy", component, "", NOTICE);
        assertEquals(200, node.http().get("/api/health", null).status());
    }

    @Test
    void stoppedConsensusEngineDegradesTheNodeUntilItIsBack() throws Exception {
        stopAndStart("org.aegis.consensus.pbft", "consensus", "no consensus engine installed");
    }

    @Test
    void stoppedTransportDegradesTheNodeUntilItIsBack() throws Exception {
        stopAndStart("org.aegis.transport.libp2p", "transport", "no transport installed");
        assertEquals("org.aegis.transport.libp2p", JSON.readTree(node.http().get("/api/health", null).body()).path("components")
                .path("transport").path("detail").asText());
    }

    @Test
    void updatingTheOnlyModelProviderFailsNoRequest() throws Exception {
        String admin = node.adminToken();
        String body = OpenAiApi.chatBody(LOCAL_MODEL, 8, false);
        List<String> failures = new CopyOnWriteArrayList<>();
        List<Long> answered = new CopyOnWriteArrayList<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        // several clients, so that requests are in flight when the provider goes and arrive while it is gone
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Thread client = new Thread(() -> {
                while (sending.get()) {
                    try {
                        Http.Reply reply = node.http().post("/v1/chat/completions", admin, body);
                        if (reply.status() == 200) {
                            answered.add(System.nanoTime());
                        } else {
                            failures.add(reply.status() + " " + reply.body());
                        }
                    } catch (Exception e) {
                        failures.add(e.toString());
                    }
                }
            }, "hot-swap-client-" + i);
            client.start();
            clients.add(client);
        }
        try {
            waitFor(() -> answered.size() >= 10, "answers before the update");
            client("bundle:update org.aegis.model.local");
            long updated = System.nanoTime();
            waitFor(() -> answered.stream().filter(t -> t > updated).count() >= 10, "answers after the update");
        } finally {
            sending.set(false);
            for (Thread client : clients) {
                client.join(30_000);
            }
        }
        assertEquals(List.of(), failures);
        String log = node.log();
        assertTrue(log.contains("Model provider local unbound"), "the provider went away and came back");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within 60 s");
            }
            Thread.sleep(100);
        }
    }
}
