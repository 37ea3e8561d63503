package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A node's OpenAI-compatible API ({@code /v1}) and its provider list as the model itests call them, with an
 * operator or admin token: chat completions plain and streamed (the server-sent events parsed), embeddings.
 */
final class OpenAiApi {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String LOCAL_MODEL = "aegis-local-char";
    private static final String DONE = "[DONE]";
    /** How the embedded model's health detail starts once it serves. */
    private static final String MODEL_READY = "model ready";

    /**
     * A streamed chat completion as received.
     *
     * @param status      the HTTP status
     * @param contentType the response's content type
     * @param chunks      every {@code data:} event before {@code [DONE]}, parsed
     * @param done        whether {@code data: [DONE]} ended the stream, with nothing after it
     * @param body        the whole body when the answer was not an event stream (an error)
     */
    record ChatStream(int status, String contentType, List<JsonNode> chunks, boolean done, String body) {
        /** The reply: every chunk's {@code delta.content} joined. */
        String text() {
            StringBuilder text = new StringBuilder();
            for (JsonNode chunk : chunks) {
                text.append(chunk.path("choices").path(0).path("delta").path("content").asText(""));
            }
            return text.toString();
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Http http;
    private final int port;
    private final String token;

    OpenAiApi(NodeProcess node, String token) {
        this.http = node.http();
        this.port = node.httpPort();
        this.token = token;
    }

    /** Waits until the node is healthy and its embedded model trained (or loaded) and ready. */
    static void awaitModelReady(NodeProcess node, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Http http = node.http();
        node.awaitReady(timeout);
        while (true) {
            Http.Reply health = http.get("/api/health", null);
            JsonNode model = JSON.readTree(health.body()).path("components").path("model.local");
            // training counts as up (the node does not wait for it): only the detail tells that it is done
            if (health.status() == 200 && model.path("status").asText().equals("up")
                    && model.path("detail").asText().startsWith(MODEL_READY)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the embedded model is not ready within " + timeout + ": " + health.body()
                        + "\n" + node.log());
            }
            Thread.sleep(250);
        }
    }

    /** The model ids {@code GET /v1/models} lists. */
    List<String> modelIds() throws IOException, InterruptedException {
        Http.Reply reply = http.get("/v1/models", token);
        assertEquals(200, reply.status(), reply.body());
        JsonNode list = JSON.readTree(reply.body());
        assertEquals("list", list.path("object").asText(), reply.body());
        List<String> ids = new ArrayList<>();
        list.path("data").forEach(model -> ids.add(model.path("id").asText()));
        return ids;
    }

    Http.Reply chat(String model, int maxTokens) throws IOException, InterruptedException {
        return http.post("/v1/chat/completions", token, chatBody(model, maxTokens, false));
    }

    /** A chat completion that must succeed: its body, checked for OpenAI's shape. */
    JsonNode completion(String model, int maxTokens) throws IOException, InterruptedException {
        Http.Reply reply = chat(model, maxTokens);
        assertEquals(200, reply.status(), reply.body());
        JsonNode completion = JSON.readTree(reply.body());
        assertEquals("chat.completion", completion.path("object").asText(), reply.body());
        assertTrue(completion.path("id").asText().startsWith("chatcmpl-"), reply.body());
        JsonNode choice = completion.path("choices").path(0);
        assertEquals("assistant", choice.path("message").path("role").asText(), reply.body());
        assertTrue(List.of("stop", "length").contains(choice.path("finish_reason").asText()), reply.body());
        JsonNode usage = completion.path("usage");
        assertEquals(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt(),
                usage.path("total_tokens").asInt(), reply.body());
        return completion;
    }

    /** {@code POST /v1/chat/completions} with {@code stream: true}, read event by event. */
    ChatStream stream(String model, int maxTokens) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(chatBody(model, maxTokens, true)))
                .build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200 || !contentType.startsWith("text/event-stream")) {
                return new ChatStream(response.statusCode(), contentType, List.of(), false,
                        String.join("\n", lines.toList()));
            }
            List<JsonNode> chunks = new ArrayList<>();
            boolean done = false;
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.isEmpty()) {
                    continue; // the blank line that ends each event
                }
                assertTrue(line.startsWith("data: "), "not a data line: " + line);
                assertTrue(!done, "an event after [DONE]: " + line);
                String data = line.substring("data: ".length());
                if (data.equals(DONE)) {
                    done = true;
                } else {
                    chunks.add(JSON.readTree(data));
                }
            }
            return new ChatStream(200, contentType, chunks, done, null);
        }
    }

    /** {@code POST /v1/embeddings} with {@code encoding_format: float}; must succeed. */
    JsonNode embeddings(String model, List<String> input) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("encoding_format", "float");
        input.forEach(body.putArray("input")::add);
        Http.Reply reply = http.post("/v1/embeddings", token, body.toString());
        assertEquals(200, reply.status(), reply.body());
        return JSON.readTree(reply.body());
    }

    /** {@code GET /api/v1/models/providers} by provider id. */
    Map<String, JsonNode> providers() throws IOException, InterruptedException {
        Http.Reply reply = http.get("/api/v1/models/providers", token);
        assertEquals(200, reply.status(), reply.body());
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        JSON.readTree(reply.body()).path("providers").forEach(p -> byId.put(p.path("id").asText(), p));
        return byId;
    }

    JsonNode provider(String id) throws IOException, InterruptedException {
        Map<String, JsonNode> all = providers();
        assertTrue(all.containsKey(id), "no provider " + id + " in " + all.keySet());
        return all.get(id);
    }

    static String chatBody(String model, int maxTokens, boolean stream) {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("max_tokens", maxTokens)
                .put("temperature", 0.8).put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", "Define: politics");
        return body.toString();
    }
}
