package org.aegis.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The metrics as users see them on the built distribution: live and changing on /api/metrics, /ws and in
 * aegis:metrics; the calculator equal to the numpy reference on a reference window; bad input refused with a
 * 400 that names the problem while the node keeps serving.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsDistributionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WINDOW = "/reference/kuramoto-k2-s03-seed7.csv";
    private static final String EXPECTED = "/reference/kuramoto-k2-s03-seed7.expected.json";

    @Inject
    BundleContext context;

    @Configuration
    public Option[] config() {
        return Distribution.options();
    }

    @Before
    public void waitForBoot() throws Exception {
        Distribution.awaitBoot(context);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = MetricsDistributionIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The first report needs 20·13 samples at 20 Hz: about 13 s after start. */
    private JsonNode awaitMetrics() throws Exception {
        return JSON.readTree(Distribution.http().await("/api/metrics", 200, Distribution.WAIT).body());
    }

    @Test
    public void metricsAreLiveAndChanging() throws Exception {
        JsonNode first = awaitMetrics();
        for (String field : List.of("phi", "coherence", "stability", "divergence", "consciousness_level")) {
            assertTrue(field, first.path("consciousness_metrics").path(field).isNumber());
        }
        for (String field : List.of("network_coherence", "collective_awareness", "system_health")) {
            assertTrue(field, first.path("global_state").path(field).isNumber());
        }
        assertTrue(first.path("node_id").asText().startsWith("12D3KooW"));
        Thread.sleep(2500);
        JsonNode second = JSON.readTree(Distribution.http().get("/api/metrics", null).body());
        assertTrue("timestamp moves on", second.get("timestamp").asDouble() > first.get("timestamp").asDouble());
        assertNotEquals("metrics change", first.get("consciousness_metrics"), second.get("consciousness_metrics"));

        JsonNode integration = JSON.readTree(Distribution.http().get("/api/metrics/integration", null).body());
        assertEquals(2, integration.path("mib").size());
        assertEquals(1, integration.path("weights").size());
        assertEquals(0, integration.path("fault_tolerance").asInt());
        int weight = integration.path("weights").get(0).path("weight").asInt();
        assertTrue("weight in [100, 300]: " + weight, weight >= 100 && weight <= 300);

        JsonNode history = JSON.readTree(
                Distribution.http().get("/api/v1/metrics/history?step=1", null).body());
        assertTrue("history has points: " + history, history.path("points").size() >= 1);
    }

    @Test
    public void theWebSocketStreamsMessages() throws Exception {
        awaitMetrics();
        List<String> messages = new CopyOnWriteArrayList<>();
        CountDownLatch three = new CountDownLatch(3);
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + Integer.getInteger(Distribution.PORT_PROPERTY) + "/ws"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                                messages.add(data.toString());
                                three.countDown();
                                ws.request(1);
                                return null;
                            }
                        })
                .get(10, TimeUnit.SECONDS);
        try {
            assertTrue("3 messages within 5 s (4 Hz), got " + messages.size(), three.await(5, TimeUnit.SECONDS));
            JsonNode message = JSON.readTree(messages.get(0));
            assertTrue(message.path("node_id").asText().startsWith("12D3KooW"));
            assertTrue(message.path("consciousness_metrics").path("phi").isNumber());
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    public void theCalculatorMatchesTheReference() throws Exception {
        JsonNode expected = JSON.readTree(resource(EXPECTED));
        String csv = resource(WINDOW);
        Http.Reply reply = Distribution.http().post("/api/v1/metrics/compute", null, "text/csv", csv);
        assertEquals(reply.body(), 200, reply.status());
        JsonNode got = JSON.readTree(reply.body());
        for (String field : List.of("coherence", "stability", "divergence")) {
            double want = expected.get(field).asDouble();
            assertEquals(field, want, got.get(field).asDouble(), 1e-9 * Math.max(1, Math.abs(want)));
        }
        assertEquals("phi", expected.get("phi").asDouble(), got.get("phi").asDouble(), 1e-6);
        assertEquals("C", expected.get("consciousness_level").asDouble(), got.get("consciousness_level").asDouble(), 1e-6);
        assertEquals(expected.get("mib").get(0), got.path("mib").path("first"));
        assertEquals(expected.get("mib").get(1), got.path("mib").path("second"));
        assertEquals(1200, got.get("samples").asInt());
        assertTrue(got.get("phi_reliable").asBoolean());

        // The same window as JSON rows gives the same answer.
        StringBuilder rows = new StringBuilder("[");
        csv.lines().filter(l -> !l.isBlank()).forEach(l -> rows.append(rows.length() > 1 ? ",[" : "[").append(l).append(']'));
        Http.Reply json = Distribution.http().post("/api/v1/metrics/compute", null, rows.append(']').toString());
        assertEquals(json.body(), 200, json.status());
        assertEquals(got.get("phi").asDouble(), JSON.readTree(json.body()).get("phi").asDouble(), 0);

        // The shell computes the same from a file.
        Path file = Files.createTempFile("window", ".csv");
        try {
            Files.writeString(file, csv);
            String out = Distribution.shell(context, "aegis:metrics-compute " + file);
            assertTrue(out, out.contains(String.format("%.9f", got.get("coherence").asDouble())));
        } finally {
            Files.delete(file);
        }
    }

    @Test
    public void badInputGetsA400ThatNamesTheProblemAndTheNodeKeepsServing() throws Exception {
        Http http = Distribution.http();
        String[][] csvCases = {
            {"0.1,0.2,0.3\n0.1,0.2\n", "row 1 has 2 values, expected 3"},
            {repeat("0.1,0.2\n", 30) + "0.1,NaN\n", "NaN"},
            {repeat("0.5\n", 40), "at least 2 oscillators"},
            {repeat("0.1,0.2\n", 5), "at least"},
            {repeat("0.1,0.2\n", 100_001), "100000"},
        };
        for (String[] c : csvCases) {
            Http.Reply reply = http.post("/api/v1/metrics/compute", null, "text/csv", c[0]);
            assertEquals(c[1] + " -> " + reply.body(), 400, reply.status());
            String error = JSON.readTree(reply.body()).get("error").asText();
            assertTrue(c[1] + " -> " + error, error.contains(c[1]));
        }
        String[][] jsonCases = {
            {"[[0.1,0.2],[0.3]]", "row 1 has 1 values, expected 2"},
            {"[[0.1,NaN]]", "malformed JSON"},
            {"{\"phases\": []}", "expected a JSON array of rows"},
            {"[[0.1, \"x\"]]", "row 0, column 1 is not a number"},
        };
        for (String[] c : jsonCases) {
            Http.Reply reply = http.post("/api/v1/metrics/compute", null, c[0]);
            assertEquals(c[1] + " -> " + reply.body(), 400, reply.status());
            String error = JSON.readTree(reply.body()).get("error").asText();
            assertTrue(c[1] + " -> " + error, error.contains(c[1]));
        }
        byte[] garbage = new byte[10 * 1024 * 1024];
        new Random(1).nextBytes(garbage);
        for (String type : List.of("application/json", "text/csv")) {
            Http.Reply reply = http.post("/api/v1/metrics/compute", null, type, garbage);
            assertEquals(type + " garbage -> " + reply.body(), 400, reply.status());
            assertTrue(reply.body(), JSON.readTree(reply.body()).get("error").asText().length() > 10);
        }
        assertEquals(200, http.get("/api/health", null).status());
        awaitMetrics();
    }

    @Test
    public void theShellShowsMetricsAndWeights() throws Exception {
        awaitMetrics();
        String metrics = Distribution.shell(context, "aegis:metrics");
        assertTrue(metrics, metrics.contains("Φ phi") && metrics.contains("C level"));
        String weights = Distribution.shell(context, "aegis:weights");
        assertTrue(weights, weights.contains("Weight") && weights.contains("12D3KooW"));
    }

    @Test
    public void anInvalidConfigurationIsRefusedAndThePreviousOneStaysInForce() throws Exception {
        awaitMetrics();
        ConfigurationAdmin configAdmin = Distribution.service(context, ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration config = configAdmin.getConfiguration("org.aegis.metrics", "?");
        Dictionary<String, Object> previous = config.getProperties();
        Dictionary<String, Object> invalid = previous == null ? new Hashtable<>() : copy(previous);
        invalid.put("weightPhi", "0.9"); // the four weights no longer sum to 1
        config.update(invalid);
        try {
            Http http = Distribution.http();
            JsonNode metrics = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                metrics = JSON.readTree(http.get("/api/health", null).body()).path("components").path("metrics");
                if (metrics.path("detail").asText().contains("configuration rejected")) {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals(metrics.toString(), "degraded", metrics.path("status").asText());
            assertTrue(metrics.toString(), metrics.path("detail").asText().contains("sum to 1"));
            // still computing with the previous weights: C = 0.4(1 - e^-Φ) + 0.2 R + 0.2 S + 0.2 (1 - D)
            JsonNode before = awaitMetrics();
            Thread.sleep(1500);
            JsonNode m = awaitMetrics().path("consciousness_metrics");
            assertTrue("reports go on", awaitMetrics().get("timestamp").asDouble() > before.get("timestamp").asDouble());
            double c = 0.4 * (1 - Math.exp(-m.get("phi").asDouble())) + 0.2 * m.get("coherence").asDouble()
                    + 0.2 * m.get("stability").asDouble() + 0.2 * (1 - m.get("divergence").asDouble());
            assertEquals(c, m.get("consciousness_level").asDouble(), 1e-9);
        } finally {
            if (previous == null) {
                config.delete();
            } else {
                config.update(previous);
            }
        }
        Distribution.http().await("/api/health", 200, Distribution.WAIT);
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (var keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, properties.get(key));
        }
        return copy;
    }

    private static String repeat(String line, int times) {
        return line.repeat(times);
    }
}
