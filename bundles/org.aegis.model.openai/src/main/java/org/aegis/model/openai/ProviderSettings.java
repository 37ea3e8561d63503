package org.aegis.model.openai;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated form of {@link OpenAiConfig}. Its {@code toString} masks the API key ({@link ApiKey#toString}).
 *
 * @param id                    unique provider id
 * @param baseUri               the API root, without a trailing slash
 * @param apiKey                sent as a bearer token, or {@link ApiKey#NONE}
 * @param models                the configured model ids; empty means "discover them"
 * @param capabilities          {@code chat} and/or {@code embeddings}
 * @param discoveryInterval     how often discovery runs again; zero for once at start
 * @param connectTimeout        TCP (and TLS) connect timeout
 * @param requestTimeout        a whole answer, or a stream's response headers
 * @param streamIdleTimeout     longest silence in a stream while the reader waits
 * @param maxConcurrentRequests requests in flight at once
 * @param maxResponseBytes      largest body (or stream event) read into memory
 */
record ProviderSettings(String id, URI baseUri, ApiKey apiKey, List<String> models, Set<String> capabilities,
        Duration discoveryInterval, Duration connectTimeout, Duration requestTimeout, Duration streamIdleTimeout,
        int maxConcurrentRequests, int maxResponseBytes) {

    static final String CHAT = "chat";
    static final String EMBEDDINGS = "embeddings";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final long MAX_TIMEOUT_MS = 3_600_000;
    private static final long MIN_DISCOVERY_MS = 1_000;
    private static final long MAX_DISCOVERY_MS = 86_400_000;
    private static final int MAX_CONCURRENT = 10_000;
    private static final int MIN_RESPONSE_BYTES = 1024;
    private static final int MAX_RESPONSE_BYTES = 1 << 30;

    ProviderSettings {
        models = List.copyOf(models);
        capabilities = Collections.unmodifiableSet(new LinkedHashSet<>(capabilities));
    }

    /**
     * Validates a configuration.
     *
     * @param pid the configuration's PID, e.g. {@code org.aegis.model.openai~ollama}; the default provider id is its
     *            name after the '~' (the whole PID when it has none)
     * @throws IllegalArgumentException naming the offending property, its value and what is allowed (never the key)
     */
    static ProviderSettings from(OpenAiConfig c, String pid) {
        String id = c.providerId().isBlank() ? defaultId(pid) : c.providerId().strip();
        if (!ID.matcher(id).matches()) {
            throw invalid("providerId '" + id + "'" + (c.providerId().isBlank() ? " (from the PID " + pid + ")" : "")
                    + " is not valid: 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return new ProviderSettings(id, baseUri(c.baseUrl()), ApiKey.of(c.apiKey()), models(c.models()),
                capabilities(c.capabilities()), discoveryInterval(c.discoveryIntervalMs()),
                timeout("connectTimeoutMs", c.connectTimeoutMs(), 600_000),
                timeout("requestTimeoutMs", c.requestTimeoutMs(), MAX_TIMEOUT_MS),
                timeout("streamIdleTimeoutMs", c.streamIdleTimeoutMs(), MAX_TIMEOUT_MS),
                inRange("maxConcurrentRequests", c.maxConcurrentRequests(), 1, MAX_CONCURRENT),
                inRange("maxResponseBytes", c.maxResponseBytes(), MIN_RESPONSE_BYTES, MAX_RESPONSE_BYTES));
    }

    /** The URI of an endpoint below the base, e.g. {@code /chat/completions}. */
    URI endpoint(String path) {
        return URI.create(baseUri + path);
    }

    /** Whether the API key travels unencrypted beyond this machine: plain http to a host other than loopback. */
    boolean keySentInClear() {
        String host = baseUri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        return !apiKey.equals(ApiKey.NONE) && "http".equalsIgnoreCase(baseUri.getScheme()) && !loopback;
    }

    /** Whether the model list comes from the server rather than the configuration. */
    boolean discovers() {
        return models.isEmpty();
    }

    private static String defaultId(String pid) {
        if (pid == null || pid.isBlank()) {
            throw invalid("providerId is empty and the configuration has no PID to derive it from");
        }
        int tilde = pid.indexOf('~');
        return tilde >= 0 ? pid.substring(tilde + 1) : pid;
    }

    private static URI baseUri(String baseUrl) {
        String text = baseUrl.strip();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid("baseUrl '" + baseUrl + "' is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || uri.getHost() == null) {
            throw invalid("baseUrl '" + baseUrl + "' is not valid: an http or https URL with a host is required,"
                    + " e.g. http://127.0.0.1:11434/v1");
        }
        // credentials in the URL would end up in logs: the key belongs in apiKey
        if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid("baseUrl '" + uri.getScheme() + "://" + uri.getHost() + "…' is not valid: no user info,"
                    + " query or fragment allowed (put the key in apiKey)");
        }
        return uri;
    }

    private static List<String> models(String[] configured) {
        Set<String> models = new LinkedHashSet<>();
        for (String id : entries(configured)) {
            if (!models.add(id)) {
                throw invalid("models lists '" + id + "' twice");
            }
        }
        return List.copyOf(models);
    }

    private static Set<String> capabilities(String[] configured) {
        Set<String> capabilities = new LinkedHashSet<>();
        for (String name : entries(configured)) {
            if (!name.equals(CHAT) && !name.equals(EMBEDDINGS)) {
                throw invalid("capabilities has '" + name + "'; allowed are " + CHAT + " and " + EMBEDDINGS);
            }
            capabilities.add(name);
        }
        if (capabilities.isEmpty()) {
            throw invalid("capabilities is empty; give " + CHAT + ", " + EMBEDDINGS + " or both");
        }
        return capabilities;
    }

    /**
     * The values of a list property, each also split at commas ({@code models = a, b} in a .cfg file is one string),
     * stripped, blanks left out ({@code models =} means none).
     */
    private static List<String> entries(String[] configured) {
        if (configured == null) {
            return List.of();
        }
        return Arrays.stream(configured).filter(Objects::nonNull).flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip).filter(entry -> !entry.isEmpty()).toList();
    }

    private static Duration discoveryInterval(long ms) {
        if (ms != 0 && (ms < MIN_DISCOVERY_MS || ms > MAX_DISCOVERY_MS)) {
            throw invalid("discoveryIntervalMs " + ms + " is out of range; allowed are 0 (at start only) or "
                    + MIN_DISCOVERY_MS + " to " + MAX_DISCOVERY_MS);
        }
        return Duration.ofMillis(ms);
    }

    private static Duration timeout(String name, long ms, long max) {
        return Duration.ofMillis(inRange(name, ms, 1, max));
    }

    private static int inRange(String name, int value, int min, int max) {
        return (int) inRange(name, (long) value, min, max);
    }

    private static long inRange(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(name + " " + value + " is out of range; allowed are " + min + " to " + max);
        }
        return value;
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException("Invalid " + OpenAiConfig.FACTORY_PID + " configuration: " + message);
    }
}
