package org.aegis.itests;

import static org.aegis.itests.OpenAiApi.JSON;
import static org.aegis.itests.OpenAiApi.LOCAL_MODEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A fresh distribution answers OpenAI's API from its embedded model, trained at first start: chat completions plain
 * and streamed as server-sent events, embeddings, and all of it through the official OpenAI Node.js client
 * ({@code js/openai-client.mjs}) over HTTPS with only the base URL and the API key changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelNodeIT {
    private static final Duration START = Duration.ofSeconds(150);
    private static final Duration CLIENT_RUN = Duration.ofSeconds(120);
    private NodeProcess node;
    private String admin;
    private OpenAiApi api;

    @BeforeAll
    void startNode() throws Exception {
        Path distribution = Path.of(System.getProperty("aegis.distribution"));
        node = NodeProcess.unpack(distribution, Path.of(System.getProperty("project.build.directory", "target"),
                "model-node"));
        node.start();
        OpenAiApi.awaitModelReady(node, START);
        admin = node.adminToken();
        api = new OpenAiApi(node, admin);
    }

    @AfterAll
    void stopNode() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void chatCompletionComesFromTheEmbeddedModel() throws Exception {
        assertEquals(List.of(LOCAL_MODEL), api.modelIds());
        JsonNode completion = api.completion(LOCAL_MODEL, 64);
        assertEquals(LOCAL_MODEL, completion.path("model").asText());
        String content = completion.path("choices").path(0).path("message").path("content").asText();
        assertFalse(content.isBlank(), completion.toString());
        int completionTokens = completion.path("usage").path("completion_tokens").asInt();
        assertTrue(completionTokens >= content.length() && completionTokens <= 64, completion.toString());
        assertTrue(completion.path("usage").path("prompt_tokens").asInt() > 0, completion.toString());

        // OpenAI's SDKs send no max_tokens unless told: the router's limit applies, the model cuts it to its own
        Http.Reply unbounded = node.http().post("/v1/chat/completions", admin, "{\"model\":\"" + LOCAL_MODEL
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Define: war\"}]}");
        assertEquals(200, unbounded.status(), unbounded.body());

        // "default" is the embedded model, as the distribution configures it
        assertEquals(LOCAL_MODEL, api.completion("default", 8).path("model").asText());

        Http.Reply anonymous = node.http().post("/v1/chat/completions", null,
                OpenAiApi.chatBody(LOCAL_MODEL, 8, false));
        assertEquals(401, anonymous.status(), "chat spends the node's compute: a token is needed, also on loopback");
        assertEquals("authentication_error", JSON.readTree(anonymous.body()).path("error").path("type").asText());
        // over the router's limit: the request itself is wrong, and retrying it cannot help (400, not 429)
        Http.Reply tooMany = api.chat(LOCAL_MODEL, 1_000_000_000);
        assertEquals(400, tooMany.status(), tooMany.body());
    }

    @Test
    void streamedChatIsServerSentEventsEndingWithDone() throws Exception {
        OpenAiApi.ChatStream stream = api.stream(LOCAL_MODEL, 48);
        assertEquals(200, stream.status(), stream.body());
        assertTrue(stream.contentType().startsWith("text/event-stream"), stream.contentType());
        assertTrue(stream.done(), "no data: [DONE] at the end");
        List<JsonNode> chunks = stream.chunks();
        assertTrue(chunks.size() >= 3, "a role chunk, text chunks and a finishing chunk: " + chunks);
        Set<String> ids = new TreeSet<>();
        for (JsonNode chunk : chunks) {
            assertEquals("chat.completion.chunk", chunk.path("object").asText(), chunk.toString());
            assertEquals(LOCAL_MODEL, chunk.path("model").asText(), chunk.toString());
            ids.add(chunk.path("id").asText());
        }
        assertEquals(1, ids.size(), "one completion id for every chunk: " + ids);
        assertEquals("assistant", chunks.get(0).path("choices").path(0).path("delta").path("role").asText());
        for (JsonNode middle : chunks.subList(0, chunks.size() - 1)) {
            assertTrue(middle.path("choices").path(0).path("finish_reason").isNull(), middle.toString());
        }
        JsonNode last = chunks.get(chunks.size() - 1).path("choices").path(0);
        assertFalse(last.path("finish_reason").isNull(), last.toString());
        assertFalse(last.path("delta").has("content"), last.toString());
        String text = stream.text();
        assertFalse(text.isBlank(), chunks.toString());
        assertTrue(text.length() <= 48, text);

        OpenAiApi.ChatStream unknown = api.stream("no-such-model", 8);
        assertEquals(404, unknown.status(), "a failure before the first fragment is a plain error: " + unknown);
        assertEquals("model_not_found", JSON.readTree(unknown.body()).path("error").path("code").asText());
    }

    @Test
    void embeddingsAreOneVectorPerInputAndDeterministic() throws Exception {
        List<String> input = List.of("cynic", "politics, n.", "cynic");
        JsonNode list = api.embeddings(LOCAL_MODEL, input);
        assertEquals("list", list.path("object").asText());
        assertEquals(LOCAL_MODEL, list.path("model").asText());
        JsonNode data = list.path("data");
        assertEquals(3, data.size(), list.toString());
        int dimensions = data.path(0).path("embedding").size();
        assertTrue(dimensions > 0, list.toString());
        for (int i = 0; i < 3; i++) {
            assertEquals("embedding", data.path(i).path("object").asText());
            assertEquals(i, data.path(i).path("index").asInt());
            assertEquals(dimensions, data.path(i).path("embedding").size());
        }
        assertEquals(data.path(0).path("embedding"), data.path(2).path("embedding"), "the same text, the same vector");
        assertNotEquals(data.path(0).path("embedding"), data.path(1).path("embedding"));
        assertEquals(input.stream().mapToInt(String::length).sum(), list.path("usage").path("prompt_tokens").asInt(),
                "one token per character");
    }

    @Test
    void theOfficialOpenAiClientWorksOverHttpsWithOnlyTheBaseUrlAndKeyChanged() throws Exception {
        // as a remote user would: over HTTPS, trusting the node's certificate authority (NODE_EXTRA_CA_CERTS)
        JsonNode result = runOpenAiClient("https://127.0.0.1:" + node.httpsPort() + "/v1", admin, LOCAL_MODEL,
                node.certificateAuthority());

        assertTrue(result.path("models").findValuesAsText("id").contains(LOCAL_MODEL), result.toString());

        JsonNode chat = result.path("chat");
        assertEquals("chat.completion", chat.path("object").asText(), chat.toString());
        assertEquals(LOCAL_MODEL, chat.path("model").asText());
        assertEquals("assistant", chat.path("role").asText());
        assertFalse(chat.path("content").asText().isBlank(), chat.toString());
        assertTrue(chat.path("usage").path("total_tokens").asInt() > 0, chat.toString());

        JsonNode stream = result.path("stream");
        assertTrue(stream.path("chunks").asInt() >= 3, stream.toString());
        assertEquals(1, stream.path("ids").size(), stream.toString());
        assertEquals("assistant", stream.path("role").asText(), stream.toString());
        assertFalse(stream.path("content").asText().isBlank(), stream.toString());
        assertFalse(stream.path("finish_reason").isNull(), stream.toString());

        JsonNode embeddings = result.path("embeddings");
        assertEquals(2, embeddings.path("count").asInt(), embeddings.toString());
        assertEquals("[0,1]", embeddings.path("indexes").toString());
        assertTrue(embeddings.path("finite").asBoolean(), embeddings.toString());
        // The SDK asked for base64 and decoded it; the same text as numbers must agree to float precision.
        JsonNode floats = api.embeddings(LOCAL_MODEL, List.of("the cynic")).path("data").path(0).path("embedding");
        assertEquals(floats.size(), embeddings.path("dimensions").path(0).asInt());
        JsonNode head = embeddings.path("head");
        assertEquals(8, head.size(), embeddings.toString());
        for (int i = 0; i < head.size(); i++) {
            assertEquals((float) floats.path(i).asDouble(), (float) head.path(i).asDouble(), "component " + i);
        }

        JsonNode unknown = result.path("unknown_model");
        assertTrue(unknown.path("thrown").asBoolean(), unknown.toString());
        assertEquals("NotFoundError", unknown.path("type").asText(), unknown.toString());
        assertEquals(404, unknown.path("status").asInt());
        assertEquals("model_not_found", unknown.path("code").asText());
    }

    /**
     * Runs {@code js/openai-client.mjs} with Node.js and returns the JSON it printed; Node.js trusts
     * {@code trustedCa} (PEM) besides its own CAs.
     */
    static JsonNode runOpenAiClient(String baseUrl, String apiKey, String model, Path trustedCa) throws Exception {
        Path js = Path.of(System.getProperty("aegis.js.dir", "js")).toAbsolutePath();
        if (!Files.isDirectory(js.resolve("node_modules/openai"))) {
            throw new IllegalStateException("the openai package is not installed in " + js + "/node_modules: run"
                    + " `npm ci` there (mvn verify runs it in the itests module's generate-test-resources phase)");
        }
        Path folder = Files.createDirectories(Path.of(System.getProperty("project.build.directory", "target"),
                "js-peers"));
        Path out = Files.createTempFile(folder, "openai-client-", ".json");
        Path log = Files.createTempFile(folder, "openai-client-", ".log");
        ProcessBuilder builder = new ProcessBuilder(System.getProperty("aegis.node", "node"), "openai-client.mjs",
                "--base-url", baseUrl, "--api-key", apiKey, "--model", model)
                .directory(js.toFile())
                .redirectOutput(out.toFile())
                .redirectError(log.toFile());
        builder.environment().put("NODE_EXTRA_CA_CERTS", trustedCa.toAbsolutePath().toString());
        Process process = builder.start();
        try {
            if (!process.waitFor(CLIENT_RUN.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("openai-client.mjs did not finish within " + CLIENT_RUN + "; stderr: "
                        + Files.readString(log));
            }
            String printed = Files.readString(out).strip();
            assertEquals(0, process.exitValue(), "openai-client.mjs failed: " + printed + "\n" + Files.readString(log));
            return JSON.readTree(printed);
        } finally {
            process.destroyForcibly();
        }
    }
}
