package org.aegis.tracing;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The validated form of {@link TracingConfig}. Its {@code toString} shows header names, never their values.
 *
 * @param enabled       whether spans are recorded and exported
 * @param endpoint      the collector's OTLP/HTTP traces URL
 * @param serviceName   the resource's {@code service.name}
 * @param sampleRatio   the share of new traces recorded, 0 to 1
 * @param exportDelay   the batch span processor's schedule delay
 * @param exportTimeout bounds each export and the last flush
 * @param maxQueueSize  finished spans waiting for export
 * @param headers       sent with each export, in the configured order
 */
record TracingSettings(boolean enabled, URI endpoint, String serviceName, double sampleRatio, Duration exportDelay,
        Duration exportTimeout, int maxQueueSize, Map<String, String> headers) {

    /** An HTTP header name: an RFC 9110 token. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Visible ASCII and spaces: no line breaks that would split the request. */
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\x20-\\x7E]*");
    private static final long MAX_DELAY_MS = 3_600_000;
    private static final long MAX_TIMEOUT_MS = 600_000;

    TracingSettings {
        headers = Map.copyOf(headers);
    }

    /**
     * Validates a configuration, disabled ones too, so that a mistake shows before tracing is turned on.
     *
     * @throws IllegalArgumentException naming the offending setting and what is allowed (never a header's value)
     */
    static TracingSettings from(TracingConfig config) {
        String serviceName = config.serviceName() == null ? "" : config.serviceName().strip();
        if (serviceName.isEmpty()) {
            throw invalid("serviceName is empty; give the name the collector shows for this node, e.g. aegis");
        }
        double ratio = config.sampleRatio();
        if (!(ratio >= 0 && ratio <= 1)) {
            throw invalid("sampleRatio " + ratio + " is out of range; allowed are 0 to 1");
        }
        return new TracingSettings(config.enabled(), endpoint(config.endpoint()), serviceName, ratio,
                Duration.ofMillis(inRange("exportDelayMs", config.exportDelayMs(), 1, MAX_DELAY_MS)),
                Duration.ofMillis(inRange("exportTimeoutMs", config.exportTimeoutMs(), 1, MAX_TIMEOUT_MS)),
                (int) inRange("maxQueueSize", config.maxQueueSize(), 1, Integer.MAX_VALUE), headers(config.headers()));
    }

    @Override
    public String toString() {
        return "TracingSettings[enabled=" + enabled + ", endpoint=" + endpoint + ", serviceName=" + serviceName
                + ", sampleRatio=" + sampleRatio + ", exportDelay=" + exportDelay.toMillis() + " ms, exportTimeout="
                + exportTimeout.toMillis() + " ms, maxQueueSize=" + maxQueueSize + ", headers=" + headers.keySet()
                + "]";
    }

    private static URI endpoint(String value) {
        String text = value == null ? "" : value.strip();
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // answered below, with what is expected
        }
        throw invalid("endpoint '" + text + "' is not an http or https URL; give the collector's OTLP/HTTP traces"
                + " URL, e.g. http://localhost:4318/v1/traces");
    }

    /** {@code name=value} pairs separated by commas; blanks around each part are dropped. */
    private static Map<String, String> headers(String value) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return headers;
        }
        int position = 0;
        for (String pair : value.split(",")) {
            position++;
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair.strip() : pair.substring(0, equals).strip();
            // never the value in the message: it may be a credential
            if (equals < 0 || !HEADER_NAME.matcher(name).matches()) {
                throw invalid("headers: pair " + position + " is not name=value with a valid header name;"
                        + " give name=value pairs separated by commas, e.g. x-api-key=secret");
            }
            String headerValue = pair.substring(equals + 1).strip();
            if (!HEADER_VALUE.matcher(headerValue).matches()) {
                throw invalid("headers: the value of " + name + " has characters other than visible ASCII");
            }
            headers.put(name, headerValue);
        }
        return headers;
    }

    private static long inRange(String setting, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(setting + " " + value + " is out of range; allowed are " + min + " to " + max);
        }
        return value;
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException("Invalid " + TracingConfig.PID + " configuration: " + message);
    }
}
