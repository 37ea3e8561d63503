package org.aegis.itests;

import static org.aegis.itests.OpenAiApi.JSON;
import static org.aegis.itests.OpenAiApi.LOCAL_MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two distributions on loopback: node A's OpenAI-compatible provider {@value #PROVIDER} points at node B's
 * {@code /v1} with an operator token B issued, so A serves B's embedded model {@value #B_MODEL} beside its own, with
 * the fallback {@code b-local-char -> aegis-local-char}. Routing to B (plain, streamed, embeddings), swapping the
 * provider bundle on the running node, fallback while B is down with A's circuit to B opening, and recovery through
 * the half-open trial once B is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelRoutingIT {
    private static final Duration START = Duration.ofSeconds(150);
    private static final String B_MODEL = "b-local-char";
    private static final String PROVIDER = "nodeb";
    private static final String OPENAI_BUNDLE = "org.aegis.model.openai";
    private static final String ORCHESTRATOR_CFG = "etc/org.aegis.model.orchestrator.cfg";
    private static final int BREAKER_FAILURES = 2;
    private static final long BREAKER_COOLDOWN_MS = 3000;
    /** "At once" for a provider coming back with its bundle, after the shell command returned. */
    private static final Duration SWAP = Duration.ofSeconds(5);
    private static final List<String> TEXT = List.of("the cynic");

    private NodeProcess a;
    private NodeProcess b;
    private OpenAiApi onA;
    private OpenAiApi onB;

    @BeforeAll
    void startTwoNodes() throws Exception {
        Path distribution = Path.of(System.getProperty("aegis.distribution"));
        Path target = Path.of(System.getProperty("project.build.directory", "target"));
        b = NodeProcess.unpack(distribution, target.resolve("model-b"));
        a = NodeProcess.unpack(distribution, target.resolve("model-a"));
        // B's model has its own name, and its own seed so that its answers differ from A's model
        b.configure("etc/org.aegis.model.local.cfg", "modelId", B_MODEL);
        b.configure("etc/org.aegis.model.local.cfg", "seed", "7");
        b.configure(ORCHESTRATOR_CFG, "defaultModel", B_MODEL);
        a.configure(ORCHESTRATOR_CFG, "fallback", B_MODEL + " -> " + LOCAL_MODEL);
        a.configure(ORCHESTRATOR_CFG, "breakerConsecutiveFailures", String.valueOf(BREAKER_FAILURES));
        a.configure(ORCHESTRATOR_CFG, "breakerCooldownMs", String.valueOf(BREAKER_COOLDOWN_MS));
        b.start();
        a.start();
        OpenAiApi.awaitModelReady(b, START);
        OpenAiApi.awaitModelReady(a, START);
        onB = new OpenAiApi(b, b.adminToken());
        onA = new OpenAiApi(a, a.adminToken());

        String operatorOfB = issueOperatorToken(b);
        // Written while A runs, in one move so that Karaf never reads half a file: the provider appears on its own.
        Path cfg = a.home().resolve("etc/" + OPENAI_BUNDLE + "-" + PROVIDER + ".cfg");
        Path draft = cfg.resolveSibling(cfg.getFileName() + ".draft");
        Files.writeString(draft, String.join("\n",
                "baseUrl = http://127.0.0.1:" + b.httpPort() + "/v1",
                "apiKey = " + operatorOfB,
                "models = " + B_MODEL,
                "connectTimeoutMs = 2000",
                "requestTimeoutMs = 30000", ""), StandardCharsets.ISO_8859_1);
        Files.move(draft, cfg, StandardCopyOption.ATOMIC_MOVE);
        awaitModels(onA, List.of(LOCAL_MODEL, B_MODEL), Duration.ofSeconds(30));
    }

    @AfterAll
    void stopNodes() throws InterruptedException {
        try {
            if (a != null) {
                a.close();
            }
        } finally {
            if (b != null) {
                b.close();
            }
        }
    }

    @Test
    @Order(1)
    void requestsForBsModelAreAnsweredByBAndSwapWithTheProviderBundle() throws Exception {
        long servedByB = servedByB();
        JsonNode completion = onA.completion(B_MODEL, 32);
        assertEquals(B_MODEL, completion.path("model").asText(), completion.toString());
        assertEquals(servedByB + 1, servedByB(), "B's own provider answered A's request");
        JsonNode provider = onA.provider(PROVIDER);
        assertEquals("closed", provider.path("circuit").asText(), provider.toString());
        assertEquals(1, provider.path("requests").asLong(), provider.toString());

        OpenAiApi.ChatStream stream = onA.stream(B_MODEL, 32);
        assertEquals(200, stream.status(), stream.body());
        assertTrue(stream.done(), "streamed through A from B, ending with [DONE]: " + stream.chunks());
        assertFalse(stream.text().isBlank(), stream.chunks().toString());
        stream.chunks().forEach(chunk -> assertEquals(B_MODEL, chunk.path("model").asText(), chunk.toString()));
        assertEquals(servedByB + 2, servedByB(), "B streamed it");

        JsonNode throughA = onA.embeddings(B_MODEL, TEXT).path("data").path(0).path("embedding");
        JsonNode fromB = onB.embeddings(B_MODEL, TEXT).path("data").path(0).path("embedding");
        JsonNode fromA = onA.embeddings(LOCAL_MODEL, TEXT).path("data").path(0).path("embedding");
        assertEquals(fromB, throughA, "B's vector, passed through unchanged");
        assertNotEquals(fromA, throughA, "not A's own model");

        String stopped = a.shell("bundle:stop " + OPENAI_BUNDLE);
        assertEquals(List.of(LOCAL_MODEL), onA.modelIds(), "B's model left with the provider bundle: " + stopped);
        assertFalse(onA.providers().containsKey(PROVIDER));
        long beforeFallback = servedByB();
        JsonNode fallback = onA.completion(B_MODEL, 16);
        assertEquals(LOCAL_MODEL, fallback.path("model").asText(), "the fallback chain answers: " + fallback);
        assertEquals(beforeFallback, servedByB(), "nothing reached B");

        a.shell("bundle:start " + OPENAI_BUNDLE);
        awaitModels(onA, List.of(LOCAL_MODEL, B_MODEL), SWAP);
        assertEquals(B_MODEL, onA.completion(B_MODEL, 16).path("model").asText());
        assertEquals(beforeFallback + 1, servedByB(), "B answers again");
    }

    @Test
    @Order(2)
    void whileBIsDownAFallsBackOpensItsCircuitAndClosesItThroughATrialWhenBIsBack() throws Exception {
        assertEquals(B_MODEL, onA.completion(B_MODEL, 8).path("model").asText(), "B serves before the crash");
        assertEquals("closed", onA.provider(PROVIDER).path("circuit").asText());
        long errorsBefore = onA.provider(PROVIDER).path("errors").asLong();

        b.crash();
        for (int i = 0; i < BREAKER_FAILURES; i++) {
            JsonNode fallback = onA.completion(B_MODEL, 16);
            assertEquals(LOCAL_MODEL, fallback.path("model").asText(), "A's own model answers: " + fallback);
        }
        JsonNode open = onA.provider(PROVIDER);
        assertEquals("open", open.path("circuit").asText(), open.toString());
        assertEquals(errorsBefore + BREAKER_FAILURES, open.path("errors").asLong(), open.toString());
        assertTrue(open.path("last_error").asText().contains("connect"), open.toString());

        // While open, A does not even try B: the request count stays, the answer comes from A's model at once.
        long attempts = open.path("requests").asLong();
        assertEquals(LOCAL_MODEL, onA.completion(B_MODEL, 16).path("model").asText());
        OpenAiApi.ChatStream stream = onA.stream(B_MODEL, 16);
        assertEquals(200, stream.status(), stream.body());
        assertTrue(stream.done(), stream.chunks().toString());
        assertFalse(stream.text().isBlank(), stream.chunks().toString());
        assertEquals(attempts, onA.provider(PROVIDER).path("requests").asLong(), "skipped while open");

        b.start();
        OpenAiApi.awaitModelReady(b, START);
        awaitModels(onB, List.of(B_MODEL), Duration.ofSeconds(30));
        // B took longer than the cool-down to start: the circuit waits, half-open, for its one trial request.
        JsonNode halfOpen = onA.provider(PROVIDER);
        assertEquals("half_open", halfOpen.path("circuit").asText(), halfOpen.toString());

        JsonNode trial = onA.completion(B_MODEL, 16);
        assertEquals(B_MODEL, trial.path("model").asText(), "the trial went to B: " + trial);
        JsonNode closed = onA.provider(PROVIDER);
        assertEquals("closed", closed.path("circuit").asText(), closed.toString());
        assertEquals(attempts + 1, closed.path("requests").asLong(), closed.toString());
        assertEquals(1, servedByB(), "the restarted B served the trial");
        assertEquals(B_MODEL, onA.completion(B_MODEL, 16).path("model").asText(), "and the requests after it");
    }

    /** Requests B's own embedded model has served since B started. */
    private long servedByB() throws IOException, InterruptedException {
        return onB.provider("local").path("requests").asLong();
    }

    private static String issueOperatorToken(NodeProcess node) throws IOException, InterruptedException {
        Http.Reply issued = node.http().post("/api/v1/tokens", node.adminToken(),
                "{\"role\":\"operator\",\"subject\":\"model-routing-it\",\"expires_in\":\"PT1H\"}");
        assertEquals(201, issued.status(), issued.body());
        return JSON.readTree(issued.body()).path("token").asText();
    }

    /** Polls {@code GET /v1/models} until it lists exactly {@code expected}; a node still starting may refuse. */
    private static void awaitModels(OpenAiApi api, List<String> expected, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = null;
        while (System.nanoTime() < deadline) {
            try {
                List<String> models = api.modelIds();
                if (models.equals(expected)) {
                    return;
                }
                last = models;
            } catch (IOException | AssertionError e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not " + expected + " within " + timeout + "; last: " + last);
    }
}
