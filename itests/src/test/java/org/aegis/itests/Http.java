package org.aegis.itests;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small HTTP client for the node's REST API on 127.0.0.1. */
public final class Http {
    public record Reply(int status, String body) {
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;

    public Http(int port) {
        this.port = port;
    }

    public Reply get(String path, String token) throws IOException, InterruptedException {
        return send(builder(path, token).GET().build());
    }

    public Reply delete(String path, String token) throws IOException, InterruptedException {
        return send(builder(path, token).DELETE().build());
    }

    public Reply post(String path, String token, String json) throws IOException, InterruptedException {
        return post(path, token, "application/json", json);
    }

    /** A JSON POST with extra request headers (a W3C {@code traceparent}, say). */
    public Reply post(String path, String token, String json, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder builder = builder(path, token).header("Content-Type", "application/json");
        headers.forEach(builder::header);
        return send(builder.POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    public Reply post(String path, String token, String contentType, String body)
            throws IOException, InterruptedException {
        return send(builder(path, token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public Reply post(String path, String token, String contentType, byte[] body)
            throws IOException, InterruptedException {
        return send(builder(path, token).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** Polls {@code path} until it answers {@code status}, or fails after {@code timeout}. */
    public Reply await(String path, int status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Reply last = null;
        Exception error = null;
        while (System.nanoTime() < deadline) {
            try {
                last = get(path, null);
                if (last.status() == status) {
                    return last;
                }
            } catch (IOException e) {
                error = e;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("GET " + path + " did not answer " + status + " within " + timeout + "; last: "
                + (last != null ? last : error));
    }

    private HttpRequest.Builder builder(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body());
    }
}
