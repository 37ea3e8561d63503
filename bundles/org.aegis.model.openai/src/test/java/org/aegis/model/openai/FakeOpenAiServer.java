package org.aegis.model.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible server for the tests, on 127.0.0.1 and a free port: each path answers as the test says, and
 * every request is recorded. Handlers that hang wait until {@link #close}.
 */
final class FakeOpenAiServer implements AutoCloseable {
    /** One request as the server received it. */
    record Received(String method, String path, String authorization, String contentType, String body) {
    }

    /** What a path answers. */
    interface Answer {
        void answer(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "fake-openai-server");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/v1/", handler());
        server.start();
    }

    /** The API root, as baseUrl. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Answers requests to {base}{path}. */
    FakeOpenAiServer on(String path, Answer answer) {
        answers.put("/v1" + path, answer);
        return this;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Received> received(String path) {
        return received.stream().filter(request -> request.path().equals("/v1" + path)).toList();
    }

    /** Blocks an answer until the server closes. */
    void hang() throws InterruptedException {
        closing.await();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- answers

    static Answer json(int status, String body) {
        return exchange -> send(exchange, status, "application/json", body);
    }

    static Answer text(int status, String contentType, String body) {
        return exchange -> send(exchange, status, contentType, body);
    }

    /** A text/event-stream of these pieces, each written and flushed on its own, the body then ended cleanly. */
    static Answer events(String... pieces) {
        return exchange -> {
            startEvents(exchange, pieces);
            exchange.getResponseBody().close();
        };
    }

    /** Sends the headers of a text/event-stream and these pieces, each flushed on its own; the body stays open. */
    static void startEvents(HttpExchange exchange, String... pieces) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String piece : pieces) {
            out.write(piece.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** A chat completion chunk carrying one fragment, as an SSE event. */
    static String chunk(String content) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":" + quote(content) + "},\"finish_reason\":null}]}\n\n";
    }

    static String finish(String reason) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}\n\n";
    }

    static final String DONE = "data: [DONE]\n\n";

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Thrown by an answer to drop the connection at once, without ending the body. */
    static final class DropConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DropConnection() {
            super("connection dropped on purpose");
        }
    }

    private HttpHandler handler() {
        return exchange -> {
            boolean drop = false;
            try {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                received.add(new Received(exchange.getRequestMethod(), path,
                        exchange.getRequestHeaders().getFirst("Authorization"),
                        exchange.getRequestHeaders().getFirst("Content-Type"), body));
                Answer answer = answers.get(path);
                if (answer == null) {
                    send(exchange, 404, "application/json",
                            "{\"error\":{\"message\":\"no route " + path + "\",\"type\":\"not_found\"}}");
                } else {
                    answer.answer(exchange);
                }
            } catch (DropConnection e) {
                // the server closes the connection when a handler throws
                drop = true;
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (!drop) {
                    exchange.close();
                }
            }
        };
    }
}
