package org.aegis.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver as an operator's system would write one: it checks each post's signature (HMAC-SHA256 of
 * "timestamp.body" under the shared secret) before accepting it, answers 401 to a bad one, and keeps what it
 * accepted. It can go away and come back on the same port.
 */
final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int port;
    private final String secret;
    private final List<JsonNode> accepted = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private HttpServer server;

    WebhookReceiver(String secret) {
        this.port = Ports.free();
        this.secret = secret;
    }

    String url() {
        return "http://127.0.0.1:" + port + "/aegis-events";
    }

    synchronized void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/aegis-events", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String timestamp = exchange.getRequestHeaders().getFirst("X-Aegis-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Aegis-Signature");
            boolean genuine = timestamp != null && sign(timestamp, body).equals(signature);
            if (genuine) {
                accepted.add(JSON.readTree(body));
            } else {
                refused.add(new String(body, StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(genuine ? 204 : 401, -1);
            exchange.close();
        });
        server.start();
    }

    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Every event accepted, duplicates included, in arrival order. */
    List<JsonNode> accepted() {
        return List.copyOf(accepted);
    }

    List<String> refused() {
        return List.copyOf(refused);
    }

    private String sign(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
