package org.aegis.model.openai;

import static org.aegis.model.openai.FakeOpenAiServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatMessage;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.Embeddings;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;
import org.aegis.api.model.ModelInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Chat, embeddings, discovery and every error mapping, against a fake server. */
class OpenAiModelProviderTest {
    static final String KEY = "sk-test-0123456789";
    static final ChatRequest HELLO = new ChatRequest("m",
            List.of(new ChatMessage("system", "be brief"), new ChatMessage("user", "hello")), 64, 0.2);
    static final String COMPLETION = "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"m-2024\",\"choices\":"
            + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi there\"},\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}";

    private final ObjectMapper mapper = new ObjectMapper();
    private FakeOpenAiServer server;
    private OpenAiModelProvider provider;

    @BeforeEach
    void startServer() throws Exception {
        server = new FakeOpenAiServer();
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        server.close();
    }

    private OpenAiModelProvider provider(Map<String, Object> properties) {
        provider = new OpenAiModelProvider(TestConfig.settings(server.baseUrl(), properties));
        provider.start();
        return provider;
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static ModelException failure(CompletionStage<?> stage, Reason reason) throws Exception {
        try {
            Object value = stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError(reason + " expected, got " + value);
        } catch (ExecutionException e) {
            ModelException failure = assertInstanceOf(ModelException.class, e.getCause());
            assertEquals(reason, failure.reason(), failure.getMessage());
            return failure;
        }
    }

    @Test
    void chatPostsTheOpenAiBodyWithTheKeyAndReturnsTheCompletionWithUsage() throws Exception {
        server.on("/chat/completions", json(200, COMPLETION));
        ChatCompletion completion = await(provider(Map.of("apiKey", KEY)).chat(HELLO));
        assertEquals(new ChatCompletion("m-2024", new ChatMessage("assistant", "Hi there"), "stop", 12, 3),
                completion);

        FakeOpenAiServer.Received request = server.received("/chat/completions").get(0);
        assertEquals("POST", request.method());
        assertEquals("Bearer " + KEY, request.authorization());
        assertEquals("application/json", request.contentType());
        JsonNode body = mapper.readTree(request.body());
        assertEquals("m", body.get("model").asText());
        assertEquals(64, body.get("max_tokens").asInt());
        assertEquals(0.2, body.get("temperature").asDouble());
        assertFalse(body.get("stream").asBoolean());
        assertEquals(mapper.readTree("[{\"role\":\"system\",\"content\":\"be brief\"},"
                + "{\"role\":\"user\",\"content\":\"hello\"}]"), body.get("messages"));
        assertEquals(Set.of("model", "messages", "max_tokens", "temperature", "stream"), fieldNames(body));
        Await.until(() -> provider.inFlight() == 0, Duration.ofSeconds(5), () -> "calls still in flight");
    }

    @Test
    void noKeyNoAuthorizationHeaderAndMissingUsageCountsZero() throws Exception {
        server.on("/chat/completions", json(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\","
                + "\"content\":null},\"finish_reason\":\"length\"}]}"));
        ChatCompletion completion = await(provider(Map.of()).chat(HELLO));
        assertEquals(new ChatCompletion("m", new ChatMessage("assistant", ""), "length", 0, 0), completion);
        assertNull(server.received("/chat/completions").get(0).authorization());
    }

    @Test
    void embedReturnsTheVectorsInInputOrder() throws Exception {
        server.on("/embeddings", json(200, "{\"object\":\"list\",\"model\":\"e\",\"data\":["
                + "{\"object\":\"embedding\",\"index\":1,\"embedding\":[0.5,-1.0]},"
                + "{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.25,2e-3]}],"
                + "\"usage\":{\"prompt_tokens\":7,\"total_tokens\":7}}"));
        Embeddings embeddings = await(provider(Map.of("apiKey", KEY)).embed(
                new EmbeddingRequest("e", List.of("first", "second"))));
        assertEquals(new Embeddings("e", List.of(List.of(0.25, 0.002), List.of(0.5, -1.0)), 7), embeddings);
        FakeOpenAiServer.Received request = server.received("/embeddings").get(0);
        assertEquals("Bearer " + KEY, request.authorization());
        assertEquals(mapper.readTree("{\"model\":\"e\",\"input\":[\"first\",\"second\"],"
                + "\"encoding_format\":\"float\"}"), mapper.readTree(request.body()));
    }

    @Test
    void embeddingsThatDoNotMatchTheInputAreMalformed() throws Exception {
        server.on("/embeddings", json(200, "{\"data\":[{\"index\":0,\"embedding\":[1.0]}]}"));
        ModelException e = failure(provider(Map.of()).embed(new EmbeddingRequest("e", List.of("a", "b"))),
                Reason.UNAVAILABLE);
        assertTrue(e.getMessage().contains("malformed response to POST /embeddings: 2 embeddings expected, got 1"),
                e.getMessage());
        server.on("/embeddings", json(200, "{\"data\":[{\"index\":0,\"embedding\":[1.0]},"
                + "{\"index\":0,\"embedding\":[2.0]}]}"));
        failure(provider.embed(new EmbeddingRequest("e", List.of("a", "b"))), Reason.UNAVAILABLE);
    }

    @Test
    void configuredModelsAreServedWithoutAsking() throws Exception {
        provider(Map.of("capabilities", new String[] {"chat"}));
        assertEquals(List.of(new ModelInfo("m", "test", Set.of("chat")), new ModelInfo("e", "test", Set.of("chat"))),
                provider.models());
        TimeUnit.MILLISECONDS.sleep(100);
        assertEquals(List.of(), server.received("/models"));
        ModelException unknown = failure(provider.chat(new ChatRequest("other", HELLO.messages(), 8, 0)),
                Reason.MODEL_NOT_FOUND);
        assertEquals("test: model 'other' is not served here; it serves [m, e]", unknown.getMessage());
        failure(provider.embed(new EmbeddingRequest("e", List.of("x"))), Reason.BAD_REQUEST);
        assertEquals(List.of(), server.received());
    }

    @Test
    void discoveryAsksAtStartAndAgainEveryInterval() throws Exception {
        server.on("/models", json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"llama3.2:1b\",\"object\":\"model\"},"
                + "{\"id\":\"nomic-embed-text\"}]}"));
        provider(Map.of("models", new String[0], "discoveryIntervalMs", 1000L, "apiKey", KEY));
        Await.until(() -> provider.models().size() == 2, Duration.ofSeconds(5), () -> "discovered " + provider.models());
        assertEquals(List.of(new ModelInfo("llama3.2:1b", "test", Set.of("chat", "embeddings")),
                new ModelInfo("nomic-embed-text", "test", Set.of("chat", "embeddings"))), provider.models());
        assertEquals("Bearer " + KEY, server.received("/models").get(0).authorization());
        assertEquals("GET", server.received("/models").get(0).method());

        server.on("/models", json(200, "{\"data\":[{\"id\":\"qwen\"}]}"));
        Await.until(() -> provider.models().size() == 1, Duration.ofSeconds(5), () -> "again " + provider.models());
        assertEquals("qwen", provider.models().get(0).id());

        // a failing server keeps the last list; a discovered list lets the server decide about other models
        server.on("/models", json(500, "{\"error\":{\"message\":\"down\"}}"));
        int asked = server.received("/models").size();
        Await.until(() -> server.received("/models").size() > asked, Duration.ofSeconds(5), () -> "no new ask");
        assertEquals("qwen", provider.models().get(0).id());
        server.on("/chat/completions", json(200, COMPLETION));
        assertEquals("Hi there", await(provider.chat(new ChatRequest("pulled-since", HELLO.messages(), 8, 1)))
                .message().content());
    }

    @Test
    void aMalformedModelListIsIgnored() throws Exception {
        server.on("/models", json(200, "{\"data\":[{\"object\":\"model\"}]}"));
        provider(Map.of("models", new String[0], "discoveryIntervalMs", 0L));
        Await.until(() -> server.received("/models").size() == 1, Duration.ofSeconds(5), () -> "not asked");
        TimeUnit.MILLISECONDS.sleep(100);
        assertEquals(List.of(), provider.models());
    }

    @Test
    void badRequestsAreRefusedWithoutAsking() throws Exception {
        provider(Map.of());
        List<ChatRequest> bad = List.of(new ChatRequest(null, HELLO.messages(), 8, 0),
                new ChatRequest(" ", HELLO.messages(), 8, 0), new ChatRequest("m", List.of(), 8, 0),
                new ChatRequest("m", List.of(new ChatMessage("robot", "x")), 8, 0),
                new ChatRequest("m", List.of(new ChatMessage("user", null)), 8, 0),
                new ChatRequest("m", HELLO.messages(), 0, 0), new ChatRequest("m", HELLO.messages(), 8, -0.1),
                new ChatRequest("m", HELLO.messages(), 8, 2.5), new ChatRequest("m", HELLO.messages(), 8, Double.NaN));
        for (ChatRequest request : bad) {
            ModelException e = failure(provider.chat(request), Reason.BAD_REQUEST);
            assertTrue(e.getMessage().startsWith("test: "), e.getMessage());
        }
        failure(provider.chat(null), Reason.BAD_REQUEST);
        failure(provider.embed(new EmbeddingRequest("e", List.of())), Reason.BAD_REQUEST);
        failure(provider.embed(null), Reason.BAD_REQUEST);
        assertEquals(List.of(), server.received());
    }

    @Test
    void httpErrorsMapToReasonsWithTheServersMessage() throws Exception {
        provider(Map.of());
        record Case(int status, String body, Reason reason, String message) {
        }
        List<Case> cases = List.of(
                new Case(400, "{\"error\":{\"message\":\"max_tokens is too large\",\"type\":\"invalid_request_error\"}}",
                        Reason.BAD_REQUEST, "test: max_tokens is too large (HTTP 400 on POST /chat/completions)"),
                new Case(404, "{\"error\":{\"message\":\"model \\\"m\\\" not found, try pulling it first\"}}",
                        Reason.MODEL_NOT_FOUND,
                        "test: model \"m\" not found, try pulling it first (HTTP 404 on POST /chat/completions)"),
                new Case(422, "{\"detail\":[{\"loc\":[\"body\",\"messages\"],\"msg\":\"field required\"}]}",
                        Reason.BAD_REQUEST, "test: [{\"loc\":[\"body\",\"messages\"],\"msg\":\"field required\"}]"
                                + " (HTTP 422 on POST /chat/completions)"),
                new Case(429, "{\"error\":\"rate limited\"}", Reason.LIMIT_EXCEEDED,
                        "test: rate limited (HTTP 429 on POST /chat/completions)"),
                new Case(500, "<html>Internal Server Error</html>", Reason.UNAVAILABLE,
                        "test: <html>Internal Server Error</html> (HTTP 500 on POST /chat/completions)"),
                new Case(503, "", Reason.UNAVAILABLE, "test: HTTP 503 (HTTP 503 on POST /chat/completions)"),
                new Case(504, "{\"message\":\"upstream timed out\"}", Reason.TIMEOUT,
                        "test: upstream timed out (HTTP 504 on POST /chat/completions)"));
        for (Case c : cases) {
            server.on("/chat/completions", json(c.status(), c.body()));
            ModelException e = failure(provider.chat(HELLO), c.reason());
            assertEquals(c.message(), e.getMessage());
        }
    }

    @Test
    void aRejectedKeyIsUnavailableAndNeverQuoted() throws Exception {
        server.on("/chat/completions", json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " + KEY
                + "\"}}"));
        ModelException e = failure(provider(Map.of("apiKey", KEY)).chat(HELLO), Reason.UNAVAILABLE);
        assertEquals("test: Incorrect API key provided: **** (HTTP 401 on POST /chat/completions)", e.getMessage());
    }

    @Test
    void aLongErrorBodyIsCutForTheMessage() throws Exception {
        server.on("/chat/completions", json(400, "x".repeat(200_000)));
        ModelException e = failure(provider(Map.of()).chat(HELLO), Reason.BAD_REQUEST);
        assertTrue(e.getMessage().length() < Failures.MAX_QUOTED_CHARS + 100, e.getMessage());
    }

    @Test
    void garbageIsAMalformedResponse() throws Exception {
        provider(Map.of());
        for (String garbage : List.of("{\"choices\": [", "not json at all", "", "null", "{\"choices\":[]}",
                "{\"choices\":\"many\"}")) {
            server.on("/chat/completions", FakeOpenAiServer.text(200, "application/json", garbage));
            ModelException e = failure(provider.chat(HELLO), Reason.UNAVAILABLE);
            assertTrue(e.getMessage().startsWith("test: malformed response to POST /chat/completions"),
                    garbage + ": " + e.getMessage());
        }
    }

    @Test
    void tenMegabytesExceedTheLimitWhetherAnnouncedOrNot() throws Exception {
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(tenMegabytes, (byte) 'x');
        provider(Map.of("maxResponseBytes", 1024 * 1024));
        server.on("/chat/completions", exchange -> {
            exchange.sendResponseHeaders(200, tenMegabytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(tenMegabytes);
            } catch (java.io.IOException expected) {
                // the client hangs up
            }
        });
        ModelException announced = failure(provider.chat(HELLO), Reason.LIMIT_EXCEEDED);
        assertEquals("test: the response to POST /chat/completions exceeds the limit of 1048576 bytes"
                + " (maxResponseBytes)", announced.getMessage());
        server.on("/chat/completions", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked: the size shows only while reading
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 10; i++) {
                    out.write(tenMegabytes, 0, 1024 * 1024);
                    out.flush();
                }
            } catch (java.io.IOException expected) {
                // the client hangs up
            }
        });
        failure(provider.chat(HELLO), Reason.LIMIT_EXCEEDED);
        Await.until(() -> provider.inFlight() == 0, Duration.ofSeconds(5), () -> "calls still in flight");
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() throws Exception {
        provider(Map.of("requestTimeoutMs", 300L));
        server.on("/chat/completions", exchange -> server.hang());
        long start = System.nanoTime();
        ModelException e = failure(provider.chat(HELLO), Reason.TIMEOUT);
        assertEquals("test: no complete answer within PT0.3S on POST /chat/completions", e.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
        // headers, then nothing: the timeout covers the body too
        server.on("/embeddings", exchange -> {
            exchange.sendResponseHeaders(200, 1000);
            exchange.getResponseBody().write("{\"data\":".getBytes());
            exchange.getResponseBody().flush();
            server.hang();
        });
        failure(provider.embed(new EmbeddingRequest("e", List.of("x"))), Reason.TIMEOUT);
        Await.until(() -> provider.inFlight() == 0, Duration.ofSeconds(5), () -> "calls still in flight");
    }

    @Test
    void aRefusedConnectionIsUnavailable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        provider = new OpenAiModelProvider(TestConfig.settings("http://127.0.0.1:" + port + "/v1", Map.of()));
        ModelException e = failure(provider.chat(HELLO), Reason.UNAVAILABLE);
        assertEquals("test: cannot connect for POST /chat/completions (connection refused)", e.getMessage());
    }

    @Test
    void requestsBeyondTheConcurrencyLimitAreRefused() throws Exception {
        provider(Map.of("maxConcurrentRequests", 1, "requestTimeoutMs", 1000L));
        server.on("/chat/completions", exchange -> server.hang());
        CompletionStage<ChatCompletion> first = provider.chat(HELLO);
        ModelException refused = failure(provider.chat(HELLO), Reason.LIMIT_EXCEEDED);
        assertEquals("test: 1 requests are in flight (maxConcurrentRequests)", refused.getMessage());
        failure(first, Reason.TIMEOUT);
        // the permit is back
        server.on("/chat/completions", json(200, COMPLETION));
        Await.until(() -> provider.inFlight() == 0, Duration.ofSeconds(5), () -> "calls still in flight");
        assertEquals("Hi there", await(provider.chat(HELLO)).message().content());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
