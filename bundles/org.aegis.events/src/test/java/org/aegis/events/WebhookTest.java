package org.aegis.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.aegis.api.events.OutboundEvent;
import org.aegis.testing.Configs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookTest {
    private static final String SECRET = "a shared secret of the receiver";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    private record Post(Map<String, List<String>> headers, String body) {
    }

    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(204);
    private HttpServer receiver;

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private String startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            posts.add(new Post(Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        receiver.start();
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    }

    private static Webhook webhook(String url, String secret) {
        return new Webhook(Configs.of(WebhookConfig.class, Map.of("name", "ops", "url", url, "secret", secret,
                "timeoutMs", 2000)), CLOCK);
    }

    private static OutboundEvent event(long sequence) {
        return new OutboundEvent("n/" + sequence, sequence, "aegis/alert/health", CLOCK.instant(),
                "{\"id\":\"n/" + sequence + "\",\"data\":{\"message\":\"é\"}}");
    }

    @Test
    void eachEventIsPostedInOrderWithItsIdAndAVerifiableSignature() throws Exception {
        try (Webhook webhook = webhook(startReceiver(), SECRET)) {
            webhook.deliver(List.of(event(1), event(2)));
        }
        assertEquals(2, posts.size());
        Post first = posts.get(0);
        assertEquals(event(1).json(), first.body());
        assertEquals(List.of("n/1"), first.headers().get("X-aegis-event-id"));
        assertEquals(List.of("aegis/alert/health"), first.headers().get("X-aegis-event-type"));
        long timestamp = Long.parseLong(first.headers().get("X-aegis-timestamp").get(0));
        assertEquals(CLOCK.instant().getEpochSecond(), timestamp);
        // the receiver's check: HMAC-SHA256 of "<timestamp>.<body>" under the shared secret
        String expected = new WebhookSignature(SECRET).sign(timestamp, first.body().getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(expected), first.headers().get("X-aegis-signature"));
        assertTrue(expected.matches("v1=[0-9a-f]{64}"), expected);
        assertEquals("n/2", posts.get(1).headers().get("X-aegis-event-id").get(0));
    }

    @Test
    void anAnswerOtherThan2xxFailsTheBatch() throws Exception {
        String url = startReceiver();
        status.set(503);
        try (Webhook webhook = webhook(url, SECRET)) {
            IOException refused = assertThrows(IOException.class, () -> webhook.deliver(List.of(event(1), event(2))));
            assertTrue(refused.getMessage().contains("503"), refused.getMessage());
        }
        assertEquals(1, posts.size(), "stops at the first refused event");
    }

    @Test
    void anUnreachableReceiverFailsTheBatch() throws Exception {
        String url = startReceiver();
        receiver.stop(0);
        receiver = null;
        try (Webhook webhook = webhook(url, SECRET)) {
            assertThrows(IOException.class, () -> webhook.deliver(List.of(event(1))));
        }
    }

    @Test
    void aBadConfigurationNamesTheSetting() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> webhook("ftp://example.org/x", SECRET))
                .getMessage().contains("url"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> webhook("http://example.org/x", "short"))
                .getMessage().contains("secret"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Webhook(Configs.of(WebhookConfig.class,
                Map.of("name", "bad name", "url", "http://example.org/", "secret", SECRET)), CLOCK))
                .getMessage().contains("name"));
    }
}
