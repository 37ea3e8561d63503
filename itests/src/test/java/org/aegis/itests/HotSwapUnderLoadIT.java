package org.aegis.itests;

import static org.aegis.itests.OpenAiApi.JSON;
import static org.aegis.itests.OpenAiApi.LOCAL_MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * One running node under a steady REST load (reads of the node, decisions and models, chat completions to the
 * local model, proposals) while each pluggable kind is swapped in turn with {@code bundle:update} (consensus engine,
 * transport, model provider, federated learning) and the consensus feature is uninstalled and installed again: no
 * request fails, every accepted proposal is decided, and the committed decisions after each swap extend those before
 * it. While the consensus feature is uninstalled, the decisions still answer, the same list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class HotSwapUnderLoadIT {
    private static final Duration START = Duration.ofSeconds(150);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** Proposals wait this long for an engine; a loaded 2-core machine reinstalls a feature in well under it. */
    private static final String ENGINE_WAIT_MS = "30000";
    private NodeProcess node;
    private String admin;

    @BeforeAll
    void startNode() throws Exception {
        node = NodeProcess.unpack(Path.of(System.getProperty("aegis.distribution")),
                Path.of(System.getProperty("project.build.directory", "target"), "hot-swap-load"));
        // the load is one client: lift the per-client rate limit out of its way
        node.configure("etc/org.aegis.rest.cfg", Map.of("requestsPerMinute", "1000000", "engineWaitMs", ENGINE_WAIT_MS));
        node.start();
        OpenAiApi.awaitModelReady(node, START);
        node.shellUntil("aegis:status", "Peer id", START);
        admin = node.adminToken();
    }

    @AfterAll
    void stopNode() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    private String client(String command) throws Exception {
        NodeProcess.ClientRun run = node.client(command, Duration.ofSeconds(90));
        assertEquals(0, run.exit(), command + ": " + run.output());
        return run.output();
    }


    private boolean healthy() throws Exception {
        return JSON.readTree(node.http().get("/api/health", null).body()).path("status").asText().equals("healthy");
    }

    @Test
    void swappingEveryPluginUnderLoadFailsNoRequestAndLosesNoDecision() throws Exception {
        List<String> failures = new CopyOnWriteArrayList<>();
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        String chat = OpenAiApi.chatBody(LOCAL_MODEL, 4, false);
        List<Thread> load = new ArrayList<>();
        load.add(loop("reads", running, failures, answered, () -> {
            for (String path : List.of("/api/v1/node", "/api/v1/decisions?limit=20", "/v1/models")) {
                Http.Reply reply = node.http().get(path, null);
                if (reply.status() != 200) {
                    return "GET " + path + ": " + reply.status() + " " + reply.body();
                }
            }
            return null;
        }));
        load.add(loop("chat", running, failures, answered, () -> {
            Http.Reply reply = node.http().post("/v1/chat/completions", admin, chat);
            return reply.status() == 200 ? null : "chat: " + reply.status() + " " + reply.body();
        }));
        AtomicInteger proposals = new AtomicInteger();
        load.add(loop("proposals", running, failures, answered, () -> {
            // wait=5: a proposal parked for an engine (up to the feature reinstall) plus its wait for the decision
            // stays within the HTTP client's 20 s; 202 is accepted too, and checked to be decided at the end
            String id = "load-" + proposals.incrementAndGet();
            Http.Reply reply = node.http().post("/api/v1/proposals?wait=5", admin,
                    "{\"id\": \"" + id + "\", \"kind\": \"itest-note\", \"payload\": {\"id\": \"" + id + "\"}}");
            if (reply.status() == 201 || reply.status() == 202) {
                accepted.add(id);
                Thread.sleep(100);
                return null;
            }
            return "propose " + id + ": " + reply.status() + " " + reply.body();
        }));
        load.forEach(Thread::start);
        try {
            waitFor(() -> accepted.size() >= 3, "proposals accepted before the swaps");
            for (String bundle : List.of("org.aegis.consensus.pbft", "org.aegis.transport.libp2p",
                    "org.aegis.model.local", "org.aegis.federated")) {
                List<String> before = node.decisions();
                int acceptedBefore = accepted.size();
                client("bundle:update " + bundle);
                waitFor(() -> accepted.size() >= acceptedBefore + 3, "proposals accepted after updating " + bundle);
                waitFor(this::quietlyHealthy, "a healthy node after updating " + bundle);
                assertPrefix(before, node.decisions(), bundle);
            }

            List<String> before = node.decisions();
            int acceptedBefore = accepted.size();
            client("feature:uninstall aegis-consensus");
            String bundles = client("bundle:list -s -t 0");
            assertFalse(bundles.contains("org.aegis.consensus.pbft"), bundles);
            for (String other : List.of("org.aegis.node", "org.aegis.metrics", "org.aegis.transport.libp2p",
                    "org.aegis.federated", "org.aegis.model.local", "org.aegis.rest")) {
                assertTrue(bundles.lines().anyMatch(l -> l.contains(other) && l.contains("Active")),
                        other + " stays active: " + bundles);
            }
            JsonNode health = JSON.readTree(node.http().get("/api/health", null).body());
            assertEquals("degraded", health.path("status").asText(), health.toString());
            assertEquals("no consensus engine installed",
                    health.path("components").path("consensus").path("detail").asText(), health.toString());
            // committed decisions answer without an engine: the same list
            List<String> withoutEngine = node.decisions();
            assertPrefix(before, withoutEngine, "feature:uninstall aegis-consensus");
            client("feature:install aegis-consensus");
            waitFor(() -> accepted.size() >= acceptedBefore + 3, "proposals accepted after feature:install");
            waitFor(this::quietlyHealthy, "a healthy node after feature:install aegis-consensus");
            assertPrefix(withoutEngine, node.decisions(), "feature:install aegis-consensus");
        } finally {
            running.set(false);
            for (Thread thread : load) {
                thread.join(60_000);
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(answered.get() > 0);
        // every accepted proposal is decided, exactly once
        waitFor(() -> {
            try {
                List<String> ids = node.decisions().stream().map(d -> d.split(" ")[1]).toList();
                return accepted.stream().allMatch(id -> ids.stream().filter(id::equals).count() == 1);
            } catch (Exception e) {
                return false;
            }
        }, "every accepted proposal decided once");
    }

    private boolean quietlyHealthy() {
        try {
            return healthy();
        } catch (Exception e) {
            return false;
        }
    }

    private static void assertPrefix(List<String> before, List<String> after, String swap) {
        assertTrue(after.size() >= before.size(), swap + ": " + before.size() + " decisions before, " + after.size()
                + " after");
        assertEquals(before, after.subList(0, before.size()), swap + " changed committed decisions");
    }

    private interface Step {
        /** Null when the request succeeded, else what failed. */
        String run() throws Exception;
    }

    private static Thread loop(String name, AtomicBoolean running, List<String> failures, AtomicInteger answered,
            Step step) {
        return new Thread(() -> {
            while (running.get()) {
                try {
                    String failure = step.run();
                    if (failure == null) {
                        answered.incrementAndGet();
                    } else {
                        failures.add(failure);
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    failures.add(name + ": " + e);
                }
            }
        }, "hot-swap-load-" + name);
    }

    private static void waitFor(BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + SETTLE);
            }
            Thread.sleep(100);
        }
    }
}
