package org.aegis.model.openai;

import static org.aegis.model.openai.FakeOpenAiServer.DONE;
import static org.aegis.model.openai.FakeOpenAiServer.chunk;
import static org.aegis.model.openai.FakeOpenAiServer.events;
import static org.aegis.model.openai.FakeOpenAiServer.finish;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** chatStream against a fake server: fragments, demand, cancellation and every way a stream breaks. */
class ChatStreamTest {
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

    private RecordingSubscriber stream(Map<String, Object> properties) {
        provider = new OpenAiModelProvider(TestConfig.settings(server.baseUrl(), properties));
        RecordingSubscriber subscriber = new RecordingSubscriber();
        provider.chatStream(OpenAiModelProviderTest.HELLO).subscribe(subscriber);
        return subscriber;
    }

    private void assertReleased() throws InterruptedException {
        Await.until(() -> provider.inFlight() == 0, Duration.ofSeconds(5), () -> "the stream still holds a permit");
    }

    @Test
    void fragmentsArriveInOrderAndDoneCompletes() throws Exception {
        // a role-only first chunk, comments, an event split across writes and lines, CRLF, the finish chunk
        String split = chunk("lo");
        server.on("/chat/completions", events(": ping\n\n",
                "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}\n\n",
                chunk("Hel"), split.substring(0, 17), split.substring(17),
                "data: {\"choices\":[{\"delta\":\r\ndata: {\"content\":\", wor\"}}]}\r\n\r\n", chunk("ld 🎉"),
                finish("stop"), "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3}}\n\n", DONE));
        RecordingSubscriber subscriber = stream(Map.of("apiKey", OpenAiModelProviderTest.KEY));
        subscriber.request(Long.MAX_VALUE);
        subscriber.awaitComplete();
        assertEquals(List.of("Hel", "lo", ", wor", "ld 🎉"), subscriber.items);
        assertEquals(0, subscriber.late.get());
        assertReleased();

        FakeOpenAiServer.Received request = server.received("/chat/completions").get(0);
        assertEquals("Bearer " + OpenAiModelProviderTest.KEY, request.authorization());
        assertTrue(new ObjectMapper().readTree(request.body()).get("stream").asBoolean(), request.body());
    }

    @Test
    void theStreamDeliversOnlyWhatIsRequested() throws Exception {
        String[] pieces = new String[51];
        for (int i = 0; i < 50; i++) {
            pieces[i] = chunk("t" + i);
        }
        pieces[50] = DONE;
        server.on("/chat/completions", events(pieces));
        RecordingSubscriber subscriber = stream(Map.of());
        TimeUnit.MILLISECONDS.sleep(200);
        assertEquals(List.of(), subscriber.items, "nothing before a request");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            subscriber.request(1);
            subscriber.awaitItems(i + 1, Duration.ofSeconds(5));
            expected.add("t" + i);
            TimeUnit.MILLISECONDS.sleep(50);
            assertEquals(expected, subscriber.items, "one item per request(1)");
            assertTrue(!subscriber.end.isDone());
        }
        subscriber.request(45);
        subscriber.awaitItems(50, Duration.ofSeconds(5));
        // every fragment delivered, [DONE] read: complete without more demand
        subscriber.awaitComplete();
        assertEquals("t49", subscriber.items.get(49));
        assertReleased();
    }

    @Test
    void demandReachesTheSocket() throws Exception {
        // 32 MB of events: far more than the socket buffers hold, so the server can only finish if the client reads
        CountDownLatch serverFinished = new CountDownLatch(1);
        byte[] event = chunk("x".repeat(1000)).getBytes(StandardCharsets.UTF_8);
        server.on("/chat/completions", exchange -> {
            FakeOpenAiServer.startEvents(exchange);
            OutputStream out = exchange.getResponseBody();
            try {
                for (int written = 0; written < 32 * 1024 * 1024; written += event.length) {
                    out.write(event);
                }
                out.write(DONE.getBytes(StandardCharsets.UTF_8));
                out.close();
                serverFinished.countDown();
            } catch (IOException hungUp) {
                throw new FakeOpenAiServer.DropConnection();
            }
        });
        RecordingSubscriber subscriber = stream(Map.of());
        subscriber.request(1);
        subscriber.awaitItems(1, Duration.ofSeconds(5));
        assertTrue(!serverFinished.await(500, TimeUnit.MILLISECONDS), "the client read the whole body for one item");
        assertEquals(1, subscriber.items.size());
        subscriber.cancel();
        assertReleased();
    }

    @Test
    void cancellingStopsTheHttpRequest() throws Exception {
        CountDownLatch serverSawTheHangUp = new CountDownLatch(1);
        server.on("/chat/completions", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            try {
                for (int i = 0; i < 2_000; i++) {
                    out.write(chunk("t" + i).getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    TimeUnit.MILLISECONDS.sleep(5);
                }
            } catch (IOException hungUp) {
                serverSawTheHangUp.countDown();
                throw new FakeOpenAiServer.DropConnection();
            }
        });
        RecordingSubscriber subscriber = stream(Map.of());
        subscriber.request(3);
        subscriber.awaitItems(3, Duration.ofSeconds(5));
        subscriber.cancel();
        assertTrue(serverSawTheHangUp.await(5, TimeUnit.SECONDS), "the server kept streaming");
        assertEquals(3, subscriber.items.size());
        assertTrue(!subscriber.end.isDone(), "no terminal signal after cancel");
        assertReleased();
    }

    @Test
    void aConnectionClosedMidStreamIsUnavailable() throws Exception {
        server.on("/chat/completions", exchange -> {
            FakeOpenAiServer.startEvents(exchange, chunk("partial"));
            throw new FakeOpenAiServer.DropConnection();
        });
        RecordingSubscriber subscriber = stream(Map.of());
        subscriber.request(10);
        ModelException e = subscriber.awaitError(Reason.UNAVAILABLE);
        assertTrue(e.getMessage().startsWith("test: I/O error on POST /chat/completions (stream)"), e.getMessage());
        assertEquals(List.of("partial"), subscriber.items);
        assertReleased();
    }

    @Test
    void aBodyThatEndsBeforeTheReplyIsCompleteIsUnavailable() throws Exception {
        server.on("/chat/completions", events(chunk("a"), chunk("b")));
        RecordingSubscriber subscriber = stream(Map.of());
        subscriber.request(10);
        ModelException e = subscriber.awaitError(Reason.UNAVAILABLE);
        assertEquals("test: malformed response to POST /chat/completions (stream): the stream ended before the reply"
                + " was complete (no [DONE])", e.getMessage());
        assertEquals(List.of("a", "b"), subscriber.items);
    }

    @Test
    void aFinishReasonWithoutDoneIsEnough() throws Exception {
        server.on("/chat/completions", events(chunk("a"), finish("length")));
        RecordingSubscriber subscriber = stream(Map.of());
        subscriber.request(10);
        subscriber.awaitComplete();
        assertEquals(List.of("a"), subscriber.items);
    }

    @Test
    void garbageInTheStreamIsMalformed() throws Exception {
        for (String garbage : List.of("data: {\"choices\": [\n\n", "data: hello\n\n", "data: {\"id\":1}\n\n",
                "data: {\"choices\":[{\"delta\":{\"content\":[1]}}]}\n\n")) {
            server.on("/chat/completions", events(chunk("ok"), garbage, DONE));
            RecordingSubscriber subscriber = stream(Map.of());
            subscriber.request(10);
            ModelException e = subscriber.awaitError(Reason.UNAVAILABLE);
            assertTrue(e.getMessage().startsWith("test: malformed response to POST /chat/completions (stream)"),
                    garbage + ": " + e.getMessage());
            assertReleased();
            provider.close();
        }
    }

    @Test
    void anErrorEventCarriesTheServersMessage() throws Exception {
        server.on("/chat/completions", events(chunk("a"),
                "data: {\"error\":{\"message\":\"CUDA out of memory\",\"type\":\"server_error\"}}\n\n"));
        RecordingSubscriber subscriber = stream(Map.of());
        subscriber.request(10);
        ModelException e = subscriber.awaitError(Reason.UNAVAILABLE);
        assertEquals("test: CUDA out of memory (error event in POST /chat/completions (stream))", e.getMessage());
    }

    @Test
    void httpErrorsFailTheStreamWithTheirReason() throws Exception {
        server.on("/chat/completions", FakeOpenAiServer.json(404,
                "{\"error\":{\"message\":\"The model `m` does not exist.\"}}"));
        RecordingSubscriber subscriber = stream(Map.of());
        ModelException e = subscriber.awaitError(Reason.MODEL_NOT_FOUND);
        assertEquals("test: The model `m` does not exist. (HTTP 404 on POST /chat/completions (stream))",
                e.getMessage());
        assertReleased();
        server.on("/chat/completions", FakeOpenAiServer.json(429, "{\"error\":{\"message\":\"slow down\"}}"));
        RecordingSubscriber limited = new RecordingSubscriber();
        provider.chatStream(OpenAiModelProviderTest.HELLO).subscribe(limited);
        limited.awaitError(Reason.LIMIT_EXCEEDED);
    }

    @Test
    void aJsonAnswerToAStreamRequestIsMalformed() throws Exception {
        server.on("/chat/completions", FakeOpenAiServer.json(200, OpenAiModelProviderTest.COMPLETION));
        RecordingSubscriber subscriber = stream(Map.of());
        subscriber.request(1);
        ModelException e = subscriber.awaitError(Reason.UNAVAILABLE);
        assertTrue(e.getMessage().endsWith("expected Content-Type text/event-stream, got 'application/json'"),
                e.getMessage());
    }

    @Test
    void aServerThatSendsNoHeadersTimesOut() throws Exception {
        server.on("/chat/completions", exchange -> server.hang());
        RecordingSubscriber subscriber = stream(Map.of("requestTimeoutMs", 300L));
        ModelException e = subscriber.awaitError(Reason.TIMEOUT);
        assertEquals("test: no response within PT0.3S on POST /chat/completions (stream)", e.getMessage());
        assertReleased();
    }

    @Test
    void aStreamThatFallsSilentWhileTheReaderWaitsTimesOut() throws Exception {
        server.on("/chat/completions", exchange -> {
            FakeOpenAiServer.startEvents(exchange, chunk("a"));
            server.hang();
        });
        RecordingSubscriber subscriber = stream(Map.of("streamIdleTimeoutMs", 300L));
        subscriber.request(5);
        ModelException e = subscriber.awaitError(Reason.TIMEOUT);
        assertEquals("test: no data for PT0.3S (streamIdleTimeoutMs) on POST /chat/completions (stream)",
                e.getMessage());
        assertEquals(List.of("a"), subscriber.items);
        assertReleased();
    }

    @Test
    void aSlowReaderDoesNotTimeOut() throws Exception {
        server.on("/chat/completions", events(chunk("a"), chunk("b"), DONE));
        RecordingSubscriber subscriber = stream(Map.of("streamIdleTimeoutMs", 100L));
        subscriber.request(1);
        subscriber.awaitItems(1, Duration.ofSeconds(5));
        TimeUnit.MILLISECONDS.sleep(400);
        assertTrue(!subscriber.end.isDone(), "failed while the reader had no demand: " + subscriber.end);
        subscriber.request(5);
        subscriber.awaitComplete();
        assertEquals(List.of("a", "b"), subscriber.items);
    }

    @Test
    void anEventLargerThanTheLimitIsRefused() throws Exception {
        server.on("/chat/completions", events(chunk("x".repeat(5000)), DONE));
        RecordingSubscriber subscriber = stream(Map.of("maxResponseBytes", 2048));
        subscriber.request(1);
        ModelException e = subscriber.awaitError(Reason.LIMIT_EXCEEDED);
        assertEquals("test: the response to POST /chat/completions (stream) (one event) exceeds the limit of 2048"
                + " bytes (maxResponseBytes)", e.getMessage());
        assertReleased();
    }

    @Test
    void aNonPositiveRequestIsAnError() throws Exception {
        server.on("/chat/completions", events(chunk("a"), DONE));
        RecordingSubscriber subscriber = stream(Map.of());
        subscriber.request(0);
        try {
            subscriber.end.get(5, TimeUnit.SECONDS);
            throw new AssertionError("an error expected");
        } catch (ExecutionException e) {
            assertInstanceOf(IllegalArgumentException.class, e.getCause());
        }
        assertReleased();
    }

    @Test
    void aRefusedRequestErrorsAtOnceWithoutAsking() throws Exception {
        provider = new OpenAiModelProvider(TestConfig.settings(server.baseUrl(), Map.of()));
        RecordingSubscriber subscriber = new RecordingSubscriber();
        provider.chatStream(new org.aegis.api.model.ChatRequest("m", List.of(), 8, 0)).subscribe(subscriber);
        subscriber.awaitError(Reason.BAD_REQUEST);
        assertEquals(List.of(), server.received());
    }

    @Test
    void cancellingInOnSubscribeSendsNothingAndKeepsNoPermit() throws Exception {
        server.on("/chat/completions", events(chunk("a"), DONE));
        provider = new OpenAiModelProvider(TestConfig.settings(server.baseUrl(), Map.of("maxConcurrentRequests", 1)));
        RecordingSubscriber quitter = new RecordingSubscriber() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                s.cancel();
            }
        };
        provider.chatStream(OpenAiModelProviderTest.HELLO).subscribe(quitter);
        assertEquals(0, provider.inFlight());
        RecordingSubscriber next = new RecordingSubscriber();
        provider.chatStream(OpenAiModelProviderTest.HELLO).subscribe(next);
        next.request(5);
        next.awaitComplete();
        assertEquals(List.of("a"), next.items);
        assertEquals(1, server.received("/chat/completions").size());
        assertTrue(!quitter.end.isDone());
    }

    @Test
    void eachSubscriptionIsOneRequestAndCountsAgainstTheLimit() throws Exception {
        server.on("/chat/completions", events(chunk("a"), DONE));
        RecordingSubscriber first = stream(Map.of("maxConcurrentRequests", 1));
        RecordingSubscriber second = new RecordingSubscriber();
        provider.chatStream(OpenAiModelProviderTest.HELLO).subscribe(second);
        second.awaitError(Reason.LIMIT_EXCEEDED);
        first.request(5);
        first.awaitComplete();
        assertReleased();
        RecordingSubscriber third = new RecordingSubscriber();
        provider.chatStream(OpenAiModelProviderTest.HELLO).subscribe(third);
        third.request(5);
        third.awaitComplete();
        assertEquals(List.of("a"), third.items);
        assertEquals(2, server.received("/chat/completions").size());
    }
}
