package org.aegis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.aegis.api.metrics.ConsciousnessMetrics;
import org.aegis.api.metrics.GlobalState;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.transport.PubSubMessage;
import org.junit.jupiter.api.Test;

class MetricsMessageCodecTest {
    static final Instant NOW = Instant.parse("2009-02-13T23:31:30.123Z"); // 1234567890.123
    static final MetricsReport REPORT = new MetricsReport(NOW, "12D3KooWPeer", 1.234,
            new ConsciousnessMetrics(0.789, 0.856, 0.923, 0.123, 0.834), new GlobalState(0.765, 0.876, 0.987));

    private final MetricsMessageCodec codec = new MetricsMessageCodec();

    @Test
    void roundTrip() {
        byte[] json = codec.encode(REPORT);
        MetricsMessageCodec.Decoded decoded = codec.decode(new PubSubMessage("aegis/metrics/1", "12D3KooWPeer", json),
                "12D3KooWMe", NOW.plusSeconds(2));
        assertTrue(decoded.accepted(), decoded.detail());
        assertEquals(REPORT, decoded.report());
    }

    @Test
    void exactFieldNamesAndTimestampInSeconds() throws Exception {
        String json = new String(codec.encode(REPORT), StandardCharsets.UTF_8);
        assertTrue(json.startsWith("{\"timestamp\":1234567890.123,\"node_id\":\"12D3KooWPeer\",\"mean_phase\":1.234,"),
                json);
        JsonNode tree = new ObjectMapper().readTree(json);
        assertEquals(Set.of("timestamp", "node_id", "mean_phase", "consciousness_metrics", "global_state"),
                names(tree));
        assertEquals(Set.of("phi", "coherence", "stability", "divergence", "consciousness_level"),
                names(tree.get("consciousness_metrics")));
        assertEquals(Set.of("network_coherence", "collective_awareness", "system_health"),
                names(tree.get("global_state")));
        assertEquals(0.834, tree.get("consciousness_metrics").get("consciousness_level").doubleValue());
        assertEquals(0.987, tree.get("global_state").get("system_health").doubleValue());
    }

    @Test
    void mapHasTheMessagesShape() {
        Map<String, Object> map = codec.toMap(REPORT);
        assertEquals(List.of("timestamp", "node_id", "mean_phase", "consciousness_metrics", "global_state"),
                new ArrayList<>(map.keySet()));
        assertEquals(1234567890.123, (Double) map.get("timestamp"), 1e-6);
        assertEquals(0.789, ((Map<?, ?>) map.get("consciousness_metrics")).get("phi"));
        assertEquals(0.876, ((Map<?, ?>) map.get("global_state")).get("collective_awareness"));
    }

    @Test
    void theArchitecturesExampleWithExtraFieldsAndIntegers() {
        String json = "{\"timestamp\": 1234567890.123, \"node_id\": \"12D3KooWPeer\", \"mean_phase\": 1.234,"
                + " \"version\": 2, \"consciousness_metrics\": {\"phi\": 0.789, \"coherence\": 0.856,"
                + " \"stability\": 0.923, \"divergence\": 0.123, \"consciousness_level\": 0.834, \"extra\": [1]},"
                + " \"global_state\": {\"network_coherence\": 0.765, \"collective_awareness\": 0.876,"
                + " \"system_health\": 1}}";
        MetricsMessageCodec.Decoded d = decode(json);
        assertTrue(d.accepted(), d.detail());
        assertEquals(NOW, d.report().timestamp());
        assertEquals(1.0, d.report().global().systemHealth());
    }

    @Test
    void invalidMessagesAreDroppedWithTheirReason() {
        String valid = new String(codec.encode(REPORT), StandardCharsets.UTF_8);
        assertDropped(DropReason.MISSING_FIELD, valid.replace("\"mean_phase\":1.234,", ""));
        assertDropped(DropReason.MISSING_FIELD, valid.replace("\"phi\":0.789,", ""));
        assertDropped(DropReason.MISSING_FIELD, valid.replace("\"mean_phase\":1.234", "\"mean_phase\":null"));
        assertDropped(DropReason.NON_FINITE, valid.replace("\"coherence\":0.856", "\"coherence\":NaN"));
        assertDropped(DropReason.NON_FINITE, valid.replace("\"mean_phase\":1.234", "\"mean_phase\":1e999"));
        assertDropped(DropReason.NON_FINITE, valid.replace("\"phi\":0.789", "\"phi\":Infinity"));
        assertDropped(DropReason.WRONG_TYPE, valid.replace("\"phi\":0.789", "\"phi\":\"0.789\""));
        assertDropped(DropReason.WRONG_TYPE, valid.replace("\"node_id\":\"12D3KooWPeer\"", "\"node_id\":7"));
        assertDropped(DropReason.WRONG_TYPE, valid.replace("\"global_state\":{", "\"global_state\":[{")
                .replace("}}", "}]}"));
        assertDropped(DropReason.OUT_OF_RANGE, valid.replace("\"phi\":0.789", "\"phi\":-0.5"));
        assertDropped(DropReason.OUT_OF_RANGE, valid.replace("\"system_health\":0.987", "\"system_health\":1.5"));
        assertDropped(DropReason.MALFORMED, valid.substring(0, valid.length() - 3));
        assertDropped(DropReason.MALFORMED, valid + "{}");
        assertDropped(DropReason.MALFORMED, "[1,2,3]");
        assertDropped(DropReason.MALFORMED, valid.replace("\"mean_phase\":1.234,", "\"mean_phase\":1.234,\"mean_phase\":2,"));
        assertDropped(DropReason.MALFORMED, "");
    }

    @Test
    void garbageAndHugeInputsAreDropped() {
        byte[] garbage = new byte[5000];
        new java.util.Random(1).nextBytes(garbage);
        assertEquals(DropReason.MALFORMED, codec.decode(message("12D3KooWPeer", garbage), "me", NOW).reason());
        byte[] huge = new byte[1 << 20];
        java.util.Arrays.fill(huge, (byte) '[');
        assertEquals(DropReason.TOO_LARGE, codec.decode(message("12D3KooWPeer", huge), "me", NOW).reason());
        byte[] deep = "[".repeat(MetricsMessageCodec.MAX_MESSAGE_BYTES).getBytes(StandardCharsets.UTF_8);
        assertEquals(DropReason.MALFORMED, codec.decode(message("12D3KooWPeer", deep), "me", NOW).reason());
        assertEquals(DropReason.MALFORMED, codec.decode(message("12D3KooWPeer", null), "me", NOW).reason());
    }

    @Test
    void senderTimeAndOwnMessagesAreChecked() {
        byte[] json = codec.encode(REPORT);
        assertEquals(DropReason.SENDER_MISMATCH,
                codec.decode(message("12D3KooWOther", json), "me", NOW).reason());
        assertEquals(DropReason.SENDER_MISMATCH, codec.decode(message(null, json), "me", NOW).reason());
        assertEquals(DropReason.OWN_MESSAGE, codec.decode(message("12D3KooWPeer", json), "12D3KooWPeer", NOW).reason());
        assertEquals(DropReason.STALE_TIMESTAMP,
                codec.decode(message("12D3KooWPeer", json), "me", NOW.plusSeconds(31)).reason());
        assertEquals(DropReason.STALE_TIMESTAMP,
                codec.decode(message("12D3KooWPeer", json), "me", NOW.minusSeconds(31)).reason());
        assertTrue(codec.decode(message("12D3KooWPeer", json), "me", NOW.minusSeconds(30)).accepted());
    }

    @Test
    void instantOfSecondsKeepsMilliseconds() {
        assertEquals(NOW, MetricsMessageCodec.instant(1234567890.123));
        assertEquals(Instant.ofEpochMilli(1_700_000_000_001L), MetricsMessageCodec.instant(1_700_000_000.001));
        assertEquals("1700000000.001", MetricsMessageCodec.seconds(Instant.ofEpochMilli(1_700_000_000_001L)).toString());
    }

    private MetricsMessageCodec.Decoded decode(String json) {
        return codec.decode(message("12D3KooWPeer", json.getBytes(StandardCharsets.UTF_8)), "me", NOW);
    }

    private void assertDropped(DropReason reason, String json) {
        MetricsMessageCodec.Decoded d = decode(json);
        assertFalse(d.accepted(), json);
        assertEquals(reason, d.reason(), json + ": " + d.detail());
    }

    private static PubSubMessage message(String from, byte[] data) {
        return new PubSubMessage("aegis/metrics/1", from, data);
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
