package org.aegis.itests;

import static org.aegis.itests.OpenAiApi.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A real Prometheus (Debian's, installed by {@code .ci/run}) scrapes a running distribution's {@code /metrics}: PromQL
 * answers the node's consciousness level C and its decision count, which follows a decided proposal. The metrics of
 * a bundle come and go with it, and the monitoring bundle itself can be updated under the scraper. The alert rules
 * the distribution ships pass promtool's check and unit tests, and evaluate cleanly on the real metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class PrometheusScrapeIT {
    private static final Duration START = Duration.ofSeconds(150);
    private static final Duration SETTLE = Duration.ofSeconds(60);
    private final HttpClient client = HttpClient.newHttpClient();
    private NodeProcess node;
    private Process prometheus;
    private int prometheusPort;

    @BeforeAll
    void start() throws Exception {
        Path target = Path.of(System.getProperty("project.build.directory", "target"));
        node = NodeProcess.unpack(Path.of(System.getProperty("aegis.distribution")), target.resolve("prometheus-node"));
        node.start();
        node.awaitReady(START);

        // the node's folder inside: a run's Prometheus never reads the series of an earlier run's node
        Path folder = node.home().resolve("prometheus");
        Files.createDirectories(folder);
        Path config = folder.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: aegis
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(alertRules(), node.httpPort()));
        prometheusPort = Ports.free();
        prometheus = new ProcessBuilder(executable("prometheus"), "--config.file=" + config,
                "--storage.tsdb.path=" + folder.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
                .redirectErrorStream(true).redirectOutput(folder.resolve("prometheus.log").toFile()).start();
    }

    /** The alert rules as the distribution ships them. */
    private Path alertRules() {
        return node.home().resolve("etc/prometheus/aegis-alerts.yml");
    }

    /** The executable on the PATH; its absence fails the test with the package to install, it never skips it. */
    private static String executable(String name) {
        return Optional.ofNullable(System.getenv("PATH")).stream().flatMap(p -> List.of(p.split(":")).stream())
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).findFirst().map(Path::toString)
                .orElseThrow(() -> new AssertionError(name + " is not on the PATH: apt-get install prometheus"
                        + " (.ci/run does)"));
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor();
            }
        }
        if (node != null) {
            node.close();
        }
    }

    /** The value of an instant PromQL query's single sample, once Prometheus has one. */
    private double query(String promql) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> reply = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + prometheusPort + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                        .build(), HttpResponse.BodyHandlers.ofString());
                last = reply.body();
                JsonNode result = JSON.readTree(last).path("data").path("result");
                if (reply.statusCode() == 200 && result.size() == 1) {
                    return result.get(0).path("value").get(1).asDouble();
                }
            } catch (IOException e) {
                last = e.toString(); // Prometheus still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError(promql + " has no single sample after " + SETTLE + ": " + last);
    }

    private String scrape() throws Exception {
        Http.Reply reply = node.http().get("/metrics", null);
        assertEquals(200, reply.status(), reply.body());
        return reply.body();
    }

    private void client(String command) throws Exception {
        NodeProcess.ClientRun run = node.client(command, Duration.ofSeconds(60));
        assertEquals(0, run.exit(), command + ": " + run.output());
    }

    @Test
    void prometheusReadsTheConsciousnessLevelAndTheDecisionCount() throws Exception {
        double level = query("aegis_consciousness_level{job=\"aegis\"}");
        assertTrue(level >= 0 && level <= 1, "C in [0, 1]: " + level);
        assertEquals(1, query("up{job=\"aegis\"}"));

        double before = query("aegis_consensus_decisions_total{job=\"aegis\"}");
        Http.Reply proposal = node.http().post("/api/v1/proposals?wait=10", node.adminToken(),
                "{\"id\": \"prometheus-1\", \"kind\": \"itest-note\", \"payload\": {\"note\": \"scraped\"}}");
        assertEquals(201, proposal.status(), proposal.body());
        long deadline = System.nanoTime() + SETTLE.toNanos();
        double after = before;
        while (after < before + 1 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            after = query("aegis_consensus_decisions_total{job=\"aegis\"}");
        }
        assertTrue(after >= before + 1, "the decision is counted: " + before + " before, " + after + " after");
        // the proposal's POST was timed under its route template and status
        assertTrue(query("sum(aegis_http_server_request_duration_seconds_count{route=\"/api/v1/proposals\","
                + "method=\"POST\",status=\"201\"})") >= 1);
        // the bundles' own instruments: the replica timed the decision, the store its commits, the engine its ticks
        assertTrue(query("aegis_consensus_decision_latency_seconds_count{job=\"aegis\"}") >= 1);
        assertTrue(query("aegis_store_commit_latency_seconds_count{job=\"aegis\"}") >= 1);
        assertTrue(query("aegis_metrics_tick_jitter_seconds_count{job=\"aegis\"}") > 0);
        assertTrue(query("histogram_quantile(0.99, rate(aegis_metrics_tick_jitter_seconds_bucket{job=\"aegis\"}[10s]))")
                < 1, "tick jitter p99 under a second");
    }

    /**
     * The shipped rules pass {@code promtool check rules} and the unit tests of every alert ({@code promtool test
     * rules}), and the real Prometheus evaluates each of them against the node's metrics without an error.
     */
    @Test
    void theShippedAlertRulesPassPromtoolAndEvaluate() throws Exception {
        Path folder = node.home().resolve("promtool");
        Files.createDirectories(folder);
        Files.copy(alertRules(), folder.resolve("aegis-alerts.yml"));
        try (var tests = PrometheusScrapeIT.class.getResourceAsStream("/prometheus/aegis-alerts.test.yml")) {
            Files.copy(tests, folder.resolve("aegis-alerts.test.yml"));
        }
        promtool(folder, "check", "rules", "aegis-alerts.yml");
        promtool(folder, "test", "rules", "aegis-alerts.test.yml");

        long deadline = System.nanoTime() + SETTLE.toNanos();
        JsonNode rules = JSON.missingNode();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> reply = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + prometheusPort + "/api/v1/rules")).build(), HttpResponse.BodyHandlers.ofString());
                rules = JSON.readTree(reply.body()).path("data").path("groups").path(0).path("rules");
                if (rules.size() == 10 && rules.findValuesAsText("health").stream().allMatch("ok"::equals)) {
                    break;
                }
            } catch (IOException e) {
                // Prometheus still starting
            }
            Thread.sleep(500);
        }
        assertEquals(10, rules.size(), rules.toString());
        for (JsonNode rule : rules) {
            assertEquals("ok", rule.path("health").asText(), rule.toString());
        }
        // a healthy node of one alerts nothing
        assertEquals("[]", JSON.readTree(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + prometheusPort + "/api/v1/alerts")).build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("data").path("alerts").toString());
    }

    /** Waits for the alert on /ws, then finds it in GET /api/v1/alerts with its severity. */
    private void awaitAlert(List<String> events, String message, String severity) throws Exception {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (events.stream().noneMatch(e -> e.contains(message)) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(events.stream().anyMatch(e -> e.contains(message)), "'" + message + "' on /ws: " + events);
        JsonNode alerts = JSON.readTree(node.http().get("/api/v1/alerts", null).body());
        boolean listed = false;
        for (JsonNode alert : alerts) {
            listed |= alert.path("message").asText().equals(message) && alert.path("severity").asText().equals(severity)
                    && alert.path("kind").asText().equals("health");
        }
        assertTrue(listed, "'" + message + "' (" + severity + ") in GET /api/v1/alerts: " + alerts);
    }

    private static void promtool(Path folder, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(executable("promtool")));
        command.addAll(List.of(arguments));
        Process run = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "promtool " + String.join(" ", arguments) + " ends");
        assertEquals(0, run.exitValue(), "promtool " + String.join(" ", arguments) + ":\n" + output);
    }

    /**
     * Stopping the consensus engine takes its metrics off {@code /metrics} and raises the node's own alert (on
     * {@code /ws} and {@code GET /api/v1/alerts}); starting it brings both back.
     */
    @Test
    void aBundlesMetricsComeAndGoWithIt() throws Exception {
        assertTrue(scrape().contains("aegis_consensus_view "), "consensus metrics while the engine runs");
        List<String> events = new CopyOnWriteArrayList<>();
        WebSocket socket = client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + node.httpPort()
                + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder message = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        message.append(data);
                        if (last) {
                            if (message.indexOf("\"event\":\"aegis/alert/") >= 0) {
                                events.add(message.toString());
                            }
                            message.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            client("bundle:stop org.aegis.consensus.pbft");
            try {
                String without = scrape();
                assertFalse(without.contains("aegis_consensus_"), without);
                assertTrue(without.contains("aegis_transport_peers "), "the other bundles' metrics stay");
                assertTrue(without.contains("jvm_memory_used_bytes"), "and the JVM's");
                awaitAlert(events, "Component consensus is degraded: no consensus engine installed", "warning");
            } finally {
                client("bundle:start org.aegis.consensus.pbft");
            }
            long deadline = System.nanoTime() + SETTLE.toNanos();
            while (!scrape().contains("aegis_consensus_view ") && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertTrue(scrape().contains("aegis_consensus_view "), "back with the engine");
            awaitAlert(events, "Component consensus is up", "resolved");
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }

        client("bundle:update org.aegis.monitoring");
        String reloaded = node.http().await("/metrics", 200, SETTLE).body();
        assertTrue(reloaded.contains("aegis_consensus_view "), reloaded);
        // a scrape that came while the bundle was being replaced failed (up 0); the next ones succeed again
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (query("up{job=\"aegis\"}") != 1 && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertEquals(1, query("up{job=\"aegis\"}"), "Prometheus scrapes the node again after the update");
    }
}
