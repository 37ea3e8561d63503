package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser: the built distribution runs as its own process, and Debian's Chromium, driven
 * by Playwright ({@code itests/browser/dashboard.mjs}), uses the page over HTTPS as an operator would (trusting the
 * node's certificate by its key). Screenshots go to {@code itests/target/dashboard/}.
 */
class DashboardBrowserIT {
    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration CHECK = Duration.ofSeconds(180);
    private static final Pattern ASSET = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"");
    /** A small federated task on the node, so that the federated panel has a run to follow. */
    private static final String TASK = "blobs";
    private static final int ROUNDS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static NodeProcess node;
    private static Path screenshots;
    /** The served certificate's key, which the browser is told to trust. */
    private static String spki;

    @BeforeAll
    static void startNode() throws Exception {
        Path target = Path.of(System.getProperty("project.build.directory", "target"));
        screenshots = Files.createDirectories(target.resolve("dashboard"));
        node = NodeProcess.unpack(Path.of(System.getProperty("aegis.distribution")), target.resolve("dashboard-node"));
        Path data = Files.createDirectories(target.resolve("dashboard-data"));
        Set<String> classes = Set.copyOf(BlobData.LABELS);
        node.configure("etc/org.aegis.federated.task-" + TASK + ".cfg", Map.of("task", TASK,
                "data", BlobData.write(data.resolve("train.csv"), BlobData.rows(1, 400, classes)).toAbsolutePath().toString(),
                "eval", BlobData.write(data.resolve("eval.csv"), BlobData.rows(2, 200, classes)).toAbsolutePath().toString(),
                "label", "label", "model", "logistic", "labels", String.join(",", BlobData.LABELS)));
        node.start();
        node.awaitReady(START);
        // The charts have something to show once the node publishes metrics (a window of 20 samples per oscillator).
        node.http().await("/api/metrics", 200, START);
        spki = NodeTls.spkiSha256(NodeTls.awaitServing(node, START));
    }

    @AfterAll
    static void stopNode() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void thePageIsServedBesideTheApi() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> page = get(client, "/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html;charset=utf-8", page.headers().firstValue("Content-Type").orElse("").replace(" ", ""));
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(""));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        Matcher script = ASSET.matcher(page.body());
        assertTrue(script.find(), "no hashed script in the page: " + page.body());

        HttpResponse<String> asset = get(client, script.group(1));
        assertEquals(200, asset.statusCode());
        assertTrue(asset.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertEquals("public, max-age=31536000, immutable", asset.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(404, get(client, "/assets/missing-0000.js").statusCode());
        assertEquals(200, get(client, "/index.html").statusCode());

        // The REST API keeps its paths and its JSON.
        HttpResponse<String> health = get(client, "/api/health");
        assertEquals(200, health.statusCode());
        assertTrue(health.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        HttpResponse<String> unknown = get(client, "/api/v1/no-such-thing");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("\"status\":404"), unknown.body());
    }

    @Test
    void pageLoadsWithoutConsoleErrorsAndFitsANarrowScreen() throws Exception {
        assertPasses(check("load", Map.of()));
        assertTrue(Files.size(screenshots.resolve("dashboard.png")) > 10_000, "screenshot");
        assertTrue(Files.size(screenshots.resolve("dashboard-375.png")) > 10_000, "narrow screenshot");
    }

    @Test
    void metricsAndOscillatorsMoveLive() throws Exception {
        assertPasses(check("live", Map.of()));
    }

    @Test
    void pageRecoversWhenTheStreamIsCut() throws Exception {
        assertPasses(check("recover", Map.of("cut", () -> {
            // The REST bundle, /ws included, goes away and comes back, as on an update of the bundle.
            long before = restBindings();
            String said = node.shell("bundle:restart org.aegis.rest");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (restBindings() <= before && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(restBindings() > before, "org.aegis.rest did not restart; the shell said: " + said);
        })));
    }

    /**
     * Needs a consensus engine ({@code org.aegis.consensus.pbft}) in the distribution: without one the API refuses
     * the proposal with 503 and this test fails with that message.
     */
    @Test
    void proposalMadeFromThePageIsDecided() throws Exception {
        Http.Reply consensus = node.http().get("/api/v1/consensus", null);
        assertEquals(200, consensus.status(), "a proposal made from the dashboard must be decided, and this needs the"
                + " consensus engine (org.aegis.consensus.pbft) in the distribution; the node says: " + consensus.body());
        BrowserCheck.Outcome outcome = check("propose", Map.of(), "--token", operatorToken());
        assertTrue(outcome.passed(), "a proposal made from the dashboard must be decided; this needs the consensus"
                + " engine (org.aegis.consensus.pbft) in the distribution: " + outcome.describe());
    }

    /**
     * A run with differential privacy started while the page is open shows up live, round by round, as an accuracy
     * curve, and every version it makes carries its privacy budget (REST and page).
     */
    @Test
    void aFederatedRunIsFollowedLiveToItsAccuracyCurveAndPrivacyBudget() throws Exception {
        String operator = operatorToken();
        assertPasses(check("federated", Map.of("train", () -> {
            Http.Reply started = node.http().post("/api/v1/federated/rounds?wait=10", operator,
                    "{\"task\":\"" + TASK + "\",\"rounds\":" + ROUNDS + ",\"hyperparameters\":"
                            + "{\"dp_clip_norm\":1.0,\"dp_noise_multiplier\":0.5}}");
            assertTrue(started.status() == 201 || started.status() == 202, started.toString());
        }), "--rounds", String.valueOf(ROUNDS)));
        assertTrue(Files.size(screenshots.resolve("dashboard-federated.png")) > 5_000, "federated screenshot");

        JsonNode versions = JSON.readTree(node.http().get("/api/v1/models/versions?task=" + TASK, null).body());
        assertEquals(ROUNDS, versions.size(), versions.toString());
        double previous = 0;
        for (JsonNode version : versions) {
            JsonNode privacy = version.path("privacy");
            assertEquals(version.path("round").asInt(), privacy.path("rounds").asInt(), version.toString());
            assertEquals(1e-5, privacy.path("delta").asDouble(), 1e-12, version.toString());
            assertTrue(privacy.path("epsilon").asDouble() > previous, "each noised round costs privacy: " + versions);
            previous = privacy.path("epsilon").asDouble();
        }
    }

    private static BrowserCheck.Outcome check(String name, Map<String, BrowserCheck.Action> actions, String... extra)
            throws IOException, InterruptedException {
        List<String> arguments = new java.util.ArrayList<>(List.of("--url", "https://127.0.0.1:" + node.httpsPort()
                + "/", "--spki", spki, "--out", screenshots.toString()));
        arguments.addAll(List.of(extra));
        return BrowserCheck.run(name, arguments, actions, CHECK);
    }

    private static void assertPasses(BrowserCheck.Outcome outcome) {
        assertTrue(outcome.passed(), () -> outcome.describe() + "\nnode log tail:\n" + tail(node.log()));
    }

    private static String operatorToken() throws IOException, InterruptedException {
        return node.token("--role operator --subject dashboard-it --expires PT1H");
    }

    /** How often the REST bundle has bound the HTTP service: once per start. */
    private static long restBindings() {
        return node.log().lines().filter(line -> line.contains("Binding HTTP Service for bundle: [org.aegis.rest")).count();
    }

    private static HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String tail(String log) {
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }
}
