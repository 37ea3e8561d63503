package org.aegis.metrics;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.aegis.api.metrics.ConsciousnessMetrics;
import org.aegis.api.metrics.GlobalState;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.transport.PubSubMessage;

/**
 * The metrics message of docs/metrics.md §4, as JSON:
 * <pre>
 * {"timestamp": 1234567890.123, "node_id": "12D3KooW...", "mean_phase": 1.234,
 *  "consciousness_metrics": {"phi", "coherence", "stability", "divergence", "consciousness_level"},
 *  "global_state": {"network_coherence", "collective_awareness", "system_health"}}
 * </pre>
 * The timestamp is in seconds since the epoch with millisecond fraction. Decoding accepts extra fields and
 * ignores them; anything else wrong is a {@link DropReason}, never an exception. Thread-safe.
 */
final class MetricsMessageCodec {
    static final String TIMESTAMP = "timestamp";
    static final String NODE_ID = "node_id";
    static final String MEAN_PHASE = "mean_phase";
    static final String METRICS = "consciousness_metrics";
    static final String PHI = "phi";
    static final String COHERENCE = "coherence";
    static final String STABILITY = "stability";
    static final String DIVERGENCE = "divergence";
    static final String LEVEL = "consciousness_level";
    static final String GLOBAL = "global_state";
    static final String NETWORK_COHERENCE = "network_coherence";
    static final String COLLECTIVE_AWARENESS = "collective_awareness";
    static final String SYSTEM_HEALTH = "system_health";

    /** A real message is a few hundred bytes; anything larger is not parsed at all. */
    static final int MAX_MESSAGE_BYTES = 16 * 1024;
    static final int MAX_NODE_ID_LENGTH = 256;
    /** How far a message's timestamp may be from our clock (docs/metrics.md §4). */
    static final Duration MAX_CLOCK_OFFSET = Duration.ofSeconds(30);
    /** Slack for values in [0, 1] computed with floating point (e.g. |z| of a fully locked state). */
    static final double UNIT_SLACK = 1e-9;
    /** Timestamps beyond this (year 5138) are nonsense even in stored history. */
    private static final double MAX_TIMESTAMP_SECONDS = 1e11;

    private final JsonMapper mapper = JsonMapper.builder()
            // NaN and Infinity (as some encoders write them) parse, and are then dropped as non-finite
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The message's JSON bytes (UTF-8). */
    byte[] encode(MetricsReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(320);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName(TIMESTAMP);
            g.writeNumber(seconds(report.timestamp()));
            g.writeStringField(NODE_ID, report.nodeId());
            g.writeNumberField(MEAN_PHASE, report.meanPhase());
            ConsciousnessMetrics m = report.metrics();
            g.writeObjectFieldStart(METRICS);
            g.writeNumberField(PHI, m.phi());
            g.writeNumberField(COHERENCE, m.coherence());
            g.writeNumberField(STABILITY, m.stability());
            g.writeNumberField(DIVERGENCE, m.divergence());
            g.writeNumberField(LEVEL, m.consciousnessLevel());
            g.writeEndObject();
            GlobalState s = report.global();
            g.writeObjectFieldStart(GLOBAL);
            g.writeNumberField(NETWORK_COHERENCE, s.networkCoherence());
            g.writeNumberField(COLLECTIVE_AWARENESS, s.collectiveAwareness());
            g.writeNumberField(SYSTEM_HEALTH, s.systemHealth());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** The report as the JSON-friendly map of a node event: the message's fields and nesting. */
    Map<String, Object> toMap(MetricsReport report) {
        ConsciousnessMetrics m = report.metrics();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put(PHI, m.phi());
        metrics.put(COHERENCE, m.coherence());
        metrics.put(STABILITY, m.stability());
        metrics.put(DIVERGENCE, m.divergence());
        metrics.put(LEVEL, m.consciousnessLevel());
        GlobalState s = report.global();
        Map<String, Object> global = new LinkedHashMap<>();
        global.put(NETWORK_COHERENCE, s.networkCoherence());
        global.put(COLLECTIVE_AWARENESS, s.collectiveAwareness());
        global.put(SYSTEM_HEALTH, s.systemHealth());
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(TIMESTAMP, seconds(report.timestamp()).doubleValue());
        map.put(NODE_ID, report.nodeId());
        map.put(MEAN_PHASE, report.meanPhase());
        map.put(METRICS, Collections.unmodifiableMap(metrics));
        map.put(GLOBAL, Collections.unmodifiableMap(global));
        return Collections.unmodifiableMap(map);
    }

    /**
     * Decodes a peer's message: well formed, {@code node_id} equal to the verified author, not our own, and a
     * timestamp within {@link #MAX_CLOCK_OFFSET} of {@code now}.
     */
    Decoded decode(PubSubMessage message, String ownNodeId, Instant now) {
        Decoded parsed = parse(message.data());
        if (!parsed.accepted()) {
            return parsed;
        }
        MetricsReport report = parsed.report();
        if (!report.nodeId().equals(message.from())) {
            return Decoded.dropped(DropReason.SENDER_MISMATCH, "node_id " + report.nodeId() + " is not the author "
                    + message.from());
        }
        if (report.nodeId().equals(ownNodeId)) {
            return Decoded.dropped(DropReason.OWN_MESSAGE, "our own message");
        }
        Duration offset = Duration.between(now, report.timestamp()).abs();
        if (offset.compareTo(MAX_CLOCK_OFFSET) > 0) {
            return Decoded.dropped(DropReason.STALE_TIMESTAMP, "timestamp " + report.timestamp() + " is "
                    + offset.toSeconds() + " s away from now " + now);
        }
        return parsed;
    }

    /** Decodes the JSON alone (as kept in the history): no check of author or time. */
    Decoded parse(byte[] data) {
        if (data == null) {
            return Decoded.dropped(DropReason.MALFORMED, "no data");
        }
        if (data.length > MAX_MESSAGE_BYTES) {
            return Decoded.dropped(DropReason.TOO_LARGE, data.length + " bytes, at most " + MAX_MESSAGE_BYTES);
        }
        JsonNode root;
        try {
            root = mapper.readTree(data);
        } catch (JsonProcessingException e) {
            return Decoded.dropped(DropReason.MALFORMED, "not JSON: " + e.getOriginalMessage());
        } catch (IOException | RuntimeException e) {
            return Decoded.dropped(DropReason.MALFORMED, "not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return Decoded.dropped(DropReason.MALFORMED, "not a JSON object");
        }
        try {
            return Decoded.accepted(read(root));
        } catch (Invalid e) {
            return Decoded.dropped(e.reason, e.getMessage());
        }
    }

    private static MetricsReport read(JsonNode root) throws Invalid {
        double seconds = number(root, TIMESTAMP, "");
        if (seconds < 0 || seconds > MAX_TIMESTAMP_SECONDS) {
            throw new Invalid(DropReason.OUT_OF_RANGE, TIMESTAMP + " " + seconds + " is not a plausible time");
        }
        String nodeId = text(root, NODE_ID);
        double meanPhase = number(root, MEAN_PHASE, "");
        JsonNode m = object(root, METRICS);
        double phi = number(m, PHI, METRICS + ".");
        if (phi < 0) {
            throw new Invalid(DropReason.OUT_OF_RANGE, METRICS + "." + PHI + " " + phi + " is negative");
        }
        ConsciousnessMetrics metrics = new ConsciousnessMetrics(phi, unit(m, COHERENCE, METRICS + "."),
                unit(m, STABILITY, METRICS + "."), unit(m, DIVERGENCE, METRICS + "."), unit(m, LEVEL, METRICS + "."));
        JsonNode g = object(root, GLOBAL);
        GlobalState global = new GlobalState(unit(g, NETWORK_COHERENCE, GLOBAL + "."),
                unit(g, COLLECTIVE_AWARENESS, GLOBAL + "."), unit(g, SYSTEM_HEALTH, GLOBAL + "."));
        return new MetricsReport(instant(seconds), nodeId, meanPhase, metrics, global);
    }

    private static JsonNode field(JsonNode parent, String name, String path) throws Invalid {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new Invalid(DropReason.MISSING_FIELD, path + name + " is missing");
        }
        return node;
    }

    private static double number(JsonNode parent, String name, String path) throws Invalid {
        JsonNode node = field(parent, name, path);
        if (!node.isNumber()) {
            throw new Invalid(DropReason.WRONG_TYPE, path + name + " is a " + node.getNodeType() + ", not a number");
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw new Invalid(DropReason.NON_FINITE, path + name + " is " + value);
        }
        return value;
    }

    private static double unit(JsonNode parent, String name, String path) throws Invalid {
        double value = number(parent, name, path);
        if (value < -UNIT_SLACK || value > 1 + UNIT_SLACK) {
            throw new Invalid(DropReason.OUT_OF_RANGE, path + name + " " + value + " is outside [0, 1]");
        }
        return value;
    }

    private static String text(JsonNode parent, String name) throws Invalid {
        JsonNode node = field(parent, name, "");
        if (!node.isTextual()) {
            throw new Invalid(DropReason.WRONG_TYPE, name + " is a " + node.getNodeType() + ", not a string");
        }
        String value = node.textValue();
        if (value.isEmpty()) {
            throw new Invalid(DropReason.MISSING_FIELD, name + " is empty");
        }
        if (value.length() > MAX_NODE_ID_LENGTH) {
            throw new Invalid(DropReason.OUT_OF_RANGE, name + " is " + value.length() + " characters long");
        }
        return value;
    }

    private static JsonNode object(JsonNode parent, String name) throws Invalid {
        JsonNode node = field(parent, name, "");
        if (!node.isObject()) {
            throw new Invalid(DropReason.WRONG_TYPE, name + " is a " + node.getNodeType() + ", not an object");
        }
        return node;
    }

    /** Seconds since the epoch with the millisecond fraction, written exactly (e.g. 1234567890.123). */
    static BigDecimal seconds(Instant time) {
        return BigDecimal.valueOf(time.toEpochMilli(), 3);
    }

    /** The instant of a timestamp in seconds, to the microsecond (what a double holds for today's dates). */
    static Instant instant(double seconds) {
        long micros = Math.round(seconds * 1e6);
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    /**
     * The outcome of decoding: a report, or the reason it was dropped.
     *
     * @param report the report, when accepted
     * @param reason why it was dropped, when not
     * @param detail what exactly was wrong, for the debug log
     */
    record Decoded(MetricsReport report, DropReason reason, String detail) {
        static Decoded accepted(MetricsReport report) {
            return new Decoded(Objects.requireNonNull(report), null, "");
        }

        static Decoded dropped(DropReason reason, String detail) {
            return new Decoded(null, Objects.requireNonNull(reason), detail);
        }

        boolean accepted() {
            return report != null;
        }
    }

    /** A field that fails a check; carries no stack trace (it is control flow, not an error). */
    private static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient DropReason reason;

        Invalid(DropReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }
}
