package org.aegis.events.redis;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.aegis.api.events.EventSink;

/**
 * The validated form of {@link RedisSinkConfig}. Its {@code toString} never shows the password.
 *
 * @param name      the sink's name, its {@code aegis.events.sink} service property
 * @param host      the Redis server's host
 * @param port      the Redis server's port
 * @param password  sent with AUTH; empty for none
 * @param database  SELECTed when not 0
 * @param stream    the stream key
 * @param maxLength the approximate length the stream is trimmed to
 * @param timeout   bounds connecting and each batch's acknowledgement
 * @param types     the event types the sink takes; empty for all
 */
record SinkSettings(String name, String host, int port, String password, int database, String stream,
        long maxLength, Duration timeout, List<String> types) {

    private static final Pattern NAME = Pattern.compile(EventSink.NAME_PATTERN);
    private static final long MAX_TIMEOUT_MS = 600_000;

    SinkSettings {
        types = List.copyOf(types);
    }

    /**
     * Validates a configuration.
     *
     * @throws IllegalArgumentException naming the offending setting, its value (never the password's) and what is
     *                                  allowed
     */
    static SinkSettings from(RedisSinkConfig config) {
        String name = config.name() == null ? "" : config.name().strip();
        if (!NAME.matcher(name).matches()) {
            throw invalid("name '" + name + "' is not valid: 1 to 64 letters, digits, '.', '_' or '-'");
        }
        String host = config.host() == null ? "" : config.host().strip();
        if (host.isEmpty()) {
            throw invalid("host is empty; give the Redis server's host name or IP address");
        }
        String stream = config.stream() == null ? "" : config.stream();
        if (stream.isBlank()) {
            throw invalid("stream is empty; give the stream key, e.g. aegis:events");
        }
        return new SinkSettings(name, host, (int) inRange("port", config.port(), 1, 65_535),
                config.password() == null ? "" : config.password(),
                (int) inRange("database", config.database(), 0, Integer.MAX_VALUE), stream,
                inRange("maxLength", config.maxLength(), 1, Long.MAX_VALUE),
                Duration.ofMillis(inRange("timeoutMs", config.timeoutMs(), 1, MAX_TIMEOUT_MS)),
                types(config.types()));
    }

    /** Where the sink writes, for messages: {@code host:port/database stream}. */
    String target() {
        return host + ":" + port + "/" + database + " stream " + stream;
    }

    @Override
    public String toString() {
        return "SinkSettings[name=" + name + ", host=" + host + ", port=" + port + ", password="
                + (password.isEmpty() ? "(none)" : "****") + ", database=" + database + ", stream=" + stream
                + ", maxLength=" + maxLength + ", timeout=" + timeout.toMillis() + " ms, types=" + types + "]";
    }

    /** Each value also split at commas ({@code types = a, b} in a .cfg file is one string), blanks left out. */
    private static List<String> types(String[] configured) {
        if (configured == null) {
            return List.of();
        }
        return Arrays.stream(configured).filter(Objects::nonNull).flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip).filter(type -> !type.isEmpty()).toList();
    }

    private static long inRange(String setting, long value, long min, long max) {
        if (value < min || value > max) {
            throw invalid(setting + " " + value + " is out of range; allowed are " + min + " to " + max);
        }
        return value;
    }

    private static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException("Invalid " + RedisSinkConfig.FACTORY_PID + " configuration: " + message);
    }
}
