package org.aegis.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.aegis.api.events.EventSink;
import org.aegis.api.events.OutboundEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A webhook: each event is POSTed, in order, to the configured URL as its JSON envelope, with the headers
 * {@code X-Aegis-Event-Id}, {@code X-Aegis-Event-Type}, {@code X-Aegis-Timestamp} (Unix seconds) and
 * {@code X-Aegis-Signature} ({@link WebhookSignature}). A 2xx answer acknowledges the event; anything else fails
 * the batch, which the node offers again with back-off. Its HTTP client's thread is its own, ended by
 * {@link #close()}.
 */
final class Webhook implements EventSink, AutoCloseable {
    private static final Pattern NAME = Pattern.compile(EventSink.NAME_PATTERN);
    private static final Logger LOG = LoggerFactory.getLogger(Webhook.class);

    private final String name;
    private final URI url;
    private final WebhookSignature signature;
    private final Duration timeout;
    private final Clock clock;
    private final ExecutorService httpThreads;
    private final HttpClient http;

    /** @throws IllegalArgumentException naming the setting that is wrong */
    Webhook(WebhookConfig config, Clock clock) {
        this.name = config.name() == null ? "" : config.name().trim();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("webhook name must be 1 to 64 letters, digits, '.', '_' or '-', not '"
                    + name + "'");
        }
        this.url = parse(name, config.url());
        try {
            this.signature = new WebhookSignature(config.secret());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook '" + name + "': " + e.getMessage(), e);
        }
        if (config.timeoutMs() < 100) {
            throw new IllegalArgumentException("webhook '" + name + "': timeoutMs must be at least 100");
        }
        this.timeout = Duration.ofMillis(config.timeoutMs());
        this.clock = clock;
        this.httpThreads = Executors.newFixedThreadPool(1, task -> new Thread(task, "aegis-webhook-" + name));
        this.http = HttpClient.newBuilder().executor(httpThreads).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    String name() {
        return name;
    }

    private static URI parse(String name, String url) {
        URI uri;
        try {
            uri = URI.create(url == null ? "" : url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("webhook '" + name + "': url is not a URL: " + e.getMessage(), e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("webhook '" + name + "': url must be an http:// or https:// URL, not '"
                    + url + "'");
        }
        return uri;
    }

    @Override
    public void close() {
        httpThreads.shutdownNow();
    }

    @Override
    public void deliver(List<OutboundEvent> events) throws IOException, InterruptedException {
        for (OutboundEvent event : events) {
            post(event);
        }
    }

    private void post(OutboundEvent event) throws IOException, InterruptedException {
        byte[] body = event.json().getBytes(StandardCharsets.UTF_8);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("X-Aegis-Event-Id", event.id())
                .header("X-Aegis-Event-Type", event.type())
                .header("X-Aegis-Timestamp", Long.toString(timestamp))
                .header("X-Aegis-Signature", signature.sign(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<Void> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // the JDK's messages can be empty (a refused connection): say what failed
            throw new IOException("POST " + url + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage()), e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(url + " answered " + response.statusCode() + " to event " + event.id());
        }
        LOG.debug("Posted event {} to {}", event.id(), url);
    }
}
