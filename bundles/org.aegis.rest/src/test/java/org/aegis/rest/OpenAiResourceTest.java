package org.aegis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import org.aegis.api.model.Embeddings;
import org.aegis.api.model.ModelException.Reason;
import org.aegis.api.model.ModelException;
import org.aegis.api.rest.ReadOnly;
import org.aegis.api.rest.RequiresRole;
import org.aegis.api.router.ProviderStatus;
import org.aegis.api.security.Role;
import org.aegis.testing.MutableClock;
import org.junit.jupiter.api.Test;

class OpenAiResourceTest {
    private final ObjectMapper mapper = JsonProvider.mapper();
    private final FakeRouter router = new FakeRouter();
    private final OpenAiResource resource = new OpenAiResource(router,
            new MutableClock(Instant.parse("2026-03-01T12:00:00Z")));

    private static ByteArrayInputStream body(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Response await(CompletionStage<Response> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private JsonNode json(Object entity) {
        return mapper.valueToTree(entity);
    }

    @Test
    void modelsAreAListInOpenAisShape() {
        JsonNode list = json(resource.models());
        assertEquals("list", list.get("object").asText());
        assertEquals(2, list.get("data").size());
        JsonNode first = list.get("data").get(0);
        assertEquals("aegis-local-char", first.get("id").asText());
        assertEquals("model", first.get("object").asText());
        assertEquals("local", first.get("owned_by").asText());
        assertTrue(first.get("created").isNumber());
    }

    @Test
    void chatCompletionsAnswerInOpenAisShape() throws Exception {
        Response response = await(resource.chat(body("{\"model\":\"m\",\"messages\":[{\"role\":\"system\","
                + "\"content\":\"be brief\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hel\"},"
                + "{\"type\":\"text\",\"text\":\"lo\"}]}],\"max_tokens\":50,\"temperature\":0.2,\"user\":\"u1\"}")));
        assertEquals(200, response.getStatus());
        JsonNode c = json(response.getEntity());
        assertTrue(c.get("id").asText().matches("chatcmpl-[0-9a-f]{32}"), c.get("id").asText());
        assertEquals("chat.completion", c.get("object").asText());
        assertEquals(Instant.parse("2026-03-01T12:00:00Z").getEpochSecond(), c.get("created").asLong());
        assertEquals("m", c.get("model").asText());
        JsonNode choice = c.get("choices").get(0);
        assertEquals(0, choice.get("index").asInt());
        assertEquals("assistant", choice.get("message").get("role").asText());
        assertEquals("hi there", choice.get("message").get("content").asText());
        assertEquals("stop", choice.get("finish_reason").asText());
        assertEquals(3, c.get("usage").get("prompt_tokens").asInt());
        assertEquals(2, c.get("usage").get("completion_tokens").asInt());
        assertEquals(5, c.get("usage").get("total_tokens").asInt());

        assertEquals("hello", router.lastChat.messages().get(1).content());
        assertEquals(50, router.lastChat.maxTokens());
        assertEquals(0.2, router.lastChat.temperature());
    }

    @Test
    void defaultsAreOpenAis() throws Exception {
        await(resource.chat(body("{\"messages\":[{\"role\":\"developer\",\"content\":\"x\"}]}")));
        assertEquals(null, router.lastChat.model());
        assertEquals(0, router.lastChat.maxTokens(), "no max_tokens: the model's limit");
        assertEquals(1.0, router.lastChat.temperature());
        assertEquals("system", router.lastChat.messages().get(0).role());
        await(resource.chat(body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"max_completion_tokens\":7}")));
        assertEquals(7, router.lastChat.maxTokens());
    }

    @Test
    void badBodiesAre400WithTheReason() throws Exception {
        String[][] cases = {
            {"{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"top_k\":3}", "unknown field 'top_k'"},
            {"{\"model\":\"m\",\"messages\":[]}", "'messages' must be a non-empty list"},
            {"{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":2}", "'n' must be 1"},
            {"{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}", "role 'tool' is not supported"},
            {"{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}",
                "only text content parts"},
            {"{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":0}",
                "'max_tokens' must be at least 1"},
            {"{\"model\":", "malformed JSON body"},
        };
        for (String[] c : cases) {
            Response response = await(resource.chat(body(c[0])));
            assertEquals(400, response.getStatus(), c[0]);
            JsonNode error = json(response.getEntity()).get("error");
            assertTrue(error.get("message").asText().contains(c[1]), error.get("message").asText());
            assertEquals("invalid_request_error", error.get("type").asText());
            assertEquals("invalid_request", error.get("code").asText());
        }
    }

    @Test
    void routerFailuresMapToOpenAiStatusesAndErrors() throws Exception {
        Object[][] cases = {
            {Reason.BAD_REQUEST, 400, "invalid_request_error", "invalid_request"},
            {Reason.MODEL_NOT_FOUND, 404, "not_found_error", "model_not_found"},
            {Reason.LIMIT_EXCEEDED, 429, "rate_limit_error", "limit_exceeded"},
            {Reason.UNAVAILABLE, 503, "server_error", "model_unavailable"},
            {Reason.TIMEOUT, 504, "timeout_error", "timeout"},
        };
        for (Object[] c : cases) {
            router.chat = request -> CompletableFuture.failedFuture(new ModelException((Reason) c[0], "why " + c[0]));
            Response response = await(resource.chat(body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"x\"}]}")));
            assertEquals(c[1], response.getStatus());
            JsonNode error = json(response.getEntity()).get("error");
            assertEquals("why " + c[0], error.get("message").asText());
            assertEquals(c[2], error.get("type").asText());
            assertEquals(c[3], error.get("code").asText());
            assertTrue(error.has("param"));
        }
    }

    /** The events of a streamed reply, each {@code data:} payload. */
    private List<String> events(Response response) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ((StreamingOutput) response.getEntity()).write(out);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n\n"), text);
        List<String> data = new ArrayList<>();
        for (String event : text.split("\n\n")) {
            assertTrue(event.startsWith("data: "), event);
            data.add(event.substring("data: ".length()));
        }
        return data;
    }

    @Test
    void streamsServerSentChunksThenDone() throws Exception {
        Response response = await(resource.chat(body("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"x\"}]}")));
        assertEquals(200, response.getStatus());
        assertEquals("text/event-stream", response.getMediaType().toString());
        List<String> events = events(response);
        assertEquals(5, events.size(), events.toString());
        assertEquals("[DONE]", events.get(4));
        List<JsonNode> chunks = new ArrayList<>();
        for (String e : events.subList(0, 4)) {
            chunks.add(mapper.readTree(e));
        }
        String id = chunks.get(0).get("id").asText();
        for (JsonNode chunk : chunks) {
            assertEquals("chat.completion.chunk", chunk.get("object").asText());
            assertEquals(id, chunk.get("id").asText());
            assertEquals("m", chunk.get("model").asText());
            assertEquals(0, chunk.get("choices").get(0).get("index").asInt());
        }
        assertEquals("assistant", chunks.get(0).get("choices").get(0).get("delta").get("role").asText());
        assertEquals("hi", chunks.get(1).get("choices").get(0).get("delta").get("content").asText());
        assertFalse(chunks.get(1).get("choices").get(0).get("delta").has("role"));
        assertTrue(chunks.get(1).get("choices").get(0).get("finish_reason").isNull());
        assertEquals(" there", chunks.get(2).get("choices").get(0).get("delta").get("content").asText());
        assertEquals(0, chunks.get(3).get("choices").get(0).get("delta").size());
        assertEquals("stop", chunks.get(3).get("choices").get(0).get("finish_reason").asText());
    }

    @Test
    void aStreamThatFailsBeforeItsFirstFragmentIsAnOrdinaryError() throws Exception {
        router.stream = request -> FakeRouter.fragments(new ModelException(Reason.MODEL_NOT_FOUND, "no such model"));
        Response response = await(resource.chat(body("{\"model\":\"x\",\"stream\":true,\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"x\"}]}")));
        assertEquals(404, response.getStatus());
        assertEquals("model_not_found", json(response.getEntity()).get("error").get("code").asText());
    }

    @Test
    void aStreamThatBreaksLaterEndsWithAnErrorEventAndNoDone() throws Exception {
        router.stream = request -> FakeRouter.fragments(new ModelException(Reason.UNAVAILABLE, "broke"), "par");
        Response response = await(resource.chat(body("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":"
                + "\"user\",\"content\":\"x\"}]}")));
        assertEquals(200, response.getStatus());
        List<String> events = events(response);
        assertEquals(3, events.size(), events.toString());
        JsonNode error = mapper.readTree(events.get(2)).get("error");
        assertEquals("broke", error.get("message").asText());
        assertEquals("model_unavailable", error.get("code").asText());
    }

    @Test
    void embeddingsAnswerInOpenAisShape() throws Exception {
        Response response = await(resource.embeddings(body("{\"model\":\"e\",\"input\":[\"a\",\"b\"],"
                + "\"encoding_format\":\"float\"}")));
        assertEquals(200, response.getStatus());
        JsonNode list = json(response.getEntity());
        assertEquals("list", list.get("object").asText());
        assertEquals("e", list.get("model").asText());
        assertEquals(2, list.get("data").size());
        assertEquals("embedding", list.get("data").get(1).get("object").asText());
        assertEquals(1, list.get("data").get(1).get("index").asInt());
        assertEquals(2.0, list.get("data").get(1).get("embedding").get(0).asDouble());
        assertEquals(4, list.get("usage").get("prompt_tokens").asInt());
        assertEquals(4, list.get("usage").get("total_tokens").asInt());

        await(resource.embeddings(body("{\"model\":\"e\",\"input\":\"one text\"}")));
        assertEquals(List.of("one text"), router.lastEmbedding.input());
        for (String bad : new String[] {"{\"model\":\"e\",\"input\":[1,2]}", "{\"model\":\"e\",\"input\":[]}",
            "{\"model\":\"e\",\"input\":\"x\",\"encoding_format\":\"int8\"}"}) {
            assertEquals(400, await(resource.embeddings(body(bad))).getStatus(), bad);
        }
    }

    /** OpenAI's SDKs ask for base64 unless told otherwise: little-endian float32 values, decoded client-side. */
    @Test
    void embeddingsComeAsBase64FloatsWhenAskedFor() throws Exception {
        List<List<Double>> vectors = List.of(List.of(0.1, -1.5e-3, 3.0), List.of(-0.25, 1e-7, 0.0));
        router.embed = request -> CompletableFuture.completedFuture(new Embeddings("e", vectors, 2));
        Response response = await(resource.embeddings(body("{\"model\":\"e\",\"input\":[\"a\",\"b\"],"
                + "\"encoding_format\":\"base64\"}")));
        assertEquals(200, response.getStatus());
        JsonNode data = json(response.getEntity()).get("data");
        for (int i = 0; i < 2; i++) {
            JsonNode entry = data.get(i);
            assertEquals(i, entry.get("index").asInt());
            ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(entry.get("embedding").asText()))
                    .order(ByteOrder.LITTLE_ENDIAN);
            List<Double> expected = vectors.get(i);
            assertEquals(expected.size() * Float.BYTES, bytes.remaining());
            for (double value : expected) {
                assertEquals((float) value, bytes.getFloat());
            }
        }
    }

    @Test
    void chatAndEmbeddingsNeedAnOperatorButAreNotAuditedAndModelsAreARead() throws Exception {
        AccessPolicy open = new AccessPolicy(true);
        for (String name : new String[] {"chat", "embeddings"}) {
            Method method = OpenAiResource.class.getMethod(name, java.io.InputStream.class);
            boolean read = AccessPolicy.isRead("POST", method.isAnnotationPresent(ReadOnly.class));
            Role required = AccessPolicy.requiredRole(read, method.getAnnotation(RequiresRole.class));
            assertTrue(read, "not written to the audit log");
            assertEquals(Role.OPERATOR, required);
            assertEquals(401, open.decide(read, required, null, true).status(), "no anonymous chat on loopback");
            assertEquals(403, open.decide(read, required, AccessPolicyTest.principal(Role.READER), false).status());
            assertTrue(open.decide(read, required, AccessPolicyTest.principal(Role.OPERATOR), false).allowed());
        }
        Method models = OpenAiResource.class.getMethod("models");
        assertEquals(Role.READER, AccessPolicy.requiredRole(true, models.getAnnotation(RequiresRole.class)));
    }

    @Test
    void errorsUnderV1HaveOpenAisShapeAndTheRestKeepTheApisShape() {
        assertTrue(OpenAiErrors.isOpenAiPath("v1/chat/completions"));
        assertTrue(OpenAiErrors.isOpenAiPath("/v1/models"));
        assertFalse(OpenAiErrors.isOpenAiPath("api/v1/models/providers"));
        assertFalse(OpenAiErrors.isOpenAiPath("v10"));
        JsonNode openAi = json(ApiError.response("v1/models", 401, "token required").getEntity());
        assertEquals("authentication_error", openAi.get("error").get("type").asText());
        assertEquals("invalid_api_key", openAi.get("error").get("code").asText());
        assertEquals("permission_error",
                json(ApiError.response("v1/embeddings", 403, "role").getEntity()).get("error").get("type").asText());
        JsonNode api = json(ApiError.response("api/v1/node", 401, "token required").getEntity());
        assertEquals(401, api.get("status").asInt());
        assertEquals("token required", api.get("error").asText());
    }

    @Test
    void providersAreListedWithTheirCircuit() {
        router.providers = List.of(new ProviderStatus("openai", List.of("gpt-4o-mini"),
                ProviderStatus.Circuit.HALF_OPEN, 1, 10, 2, 120.5, 100, 50, "HTTP 500"));
        ModelProvidersResource providers = new ModelProvidersResource();
        providers.router = router;
        JsonNode p = json(providers.providers()).get("providers").get(0);
        assertEquals("openai", p.get("id").asText());
        assertEquals("half_open", p.get("circuit").asText());
        assertEquals(120.5, p.get("mean_latency_millis").asDouble());
        assertEquals("HTTP 500", p.get("last_error").asText());
        assertNotNull(p.get("completion_tokens"));
    }
}
