package org.aegis.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The embedded model served by a real distribution, measured over HTTP as a client sees it: latency of a 64-token
 * chat completion ({@code POST /v1/chat/completions}), time to the first streamed fragment, generation speed,
 * embeddings per second, and throughput with concurrent clients. Folds in the figures of the in-process benchmarks
 * when their JSON exists (the router's overhead from JMH, the model's own speed) and writes
 * {@code target/bench/models.json}. Run by {@code itests/bench/models.sh}.
 *
 * <p>Arguments: the output file, the distribution, the router's JMH JSON, the local model's bench JSON.
 */
public final class ModelsBench {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_TOKENS = 64;
    private static final int WARMUP = 40;
    private static final int CHATS = 300;
    private static final int STREAMS = 100;
    private static final Duration EMBEDDING_RUN = Duration.ofSeconds(10);
    private static final Duration CONCURRENT_RUN = Duration.ofSeconds(15);
    private static final int CLIENTS = 4;
    private static final int BATCH = 32;
    /** 100 characters, as in the in-process benchmark. */
    private static final String TEXT = "CYNIC, n. A blackguard whose faulty vision sees things as they are, not as"
            + " they ought to be. Hence";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;

    private ModelsBench(int port, String token) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args[0]).toAbsolutePath();
        Path distribution = Path.of(args[1]);
        ObjectNode result = JSON.createObjectNode();
        result.put("date", Instant.now().toString());
        result.set("machine", machine());
        result.put("load_average_before", loadAverage());
        try (NodeProcess node = NodeProcess.unpack(distribution, output.getParent().resolve("models-node"))) {
            // NodeProcess shortens training for tests; the bench trains as configured (by default as users get it)
            node.configure("etc/org.aegis.model.local.cfg", "trainingSteps",
                    System.getProperty("bench.trainingSteps", "20000"));
            // the per-client limit (600 a minute by default) would measure itself, not the model
            node.configure("etc/org.aegis.rest.cfg", "requestsPerMinute", "100000000");
            long started = System.nanoTime();
            node.start();
            OpenAiApi.awaitModelReady(node, Duration.ofMinutes(10));
            result.put("node_start_and_training_seconds", round((System.nanoTime() - started) / 1e9));
            result.set("local_model_health", JSON.readTree(node.http().get("/api/health", null).body())
                    .path("components").path("model.local"));
            ModelsBench bench = new ModelsBench(node.httpPort(), node.adminToken());
            result.set("http", bench.run());
        }
        result.put("load_average_after", loadAverage());
        result.set("in_process_model", readIfPresent(args.length > 3 ? Path.of(args[3]) : null));
        result.set("router_overhead", routerOverhead(args.length > 2 ? Path.of(args[2]) : null));
        Files.createDirectories(output.getParent());
        JSON.writeValue(output.toFile(), result);
        System.out.println(JSON.writeValueAsString(result));
    }

    private ObjectNode run() throws Exception {
        ObjectNode http = JSON.createObjectNode();
        for (int i = 0; i < WARMUP; i++) {
            chat();
            stream();
            embed(1);
        }

        // one client, one request at a time: latency
        double[] latencies = new double[CHATS];
        long tokens = 0;
        double seconds = 0;
        for (int i = 0; i < CHATS; i++) {
            long t0 = System.nanoTime();
            JsonNode completion = chat();
            latencies[i] = (System.nanoTime() - t0) / 1e6;
            seconds += latencies[i] / 1e3;
            tokens += completion.path("usage").path("completion_tokens").asLong();
        }
        ObjectNode chat = percentiles(latencies);
        chat.put("requests", CHATS);
        chat.put("max_tokens", MAX_TOKENS);
        chat.put("mean_completion_tokens", round((double) tokens / CHATS));
        chat.put("tokens_per_second", Math.round(tokens / seconds));
        http.set("chat_64_tokens_ms", chat);

        double[] firstFragment = new double[STREAMS];
        double[] whole = new double[STREAMS];
        for (int i = 0; i < STREAMS; i++) {
            long t0 = System.nanoTime();
            double[] times = stream();
            firstFragment[i] = (times[0] - t0) / 1e6;
            whole[i] = (times[1] - t0) / 1e6;
        }
        http.set("stream_first_fragment_ms", percentiles(firstFragment));
        http.set("stream_whole_ms", percentiles(whole));

        http.put("embeddings_per_second_one_per_request", round(embeddingsPerSecond(1)));
        http.put("embeddings_per_second_batches_of_" + BATCH, round(embeddingsPerSecond(BATCH)));
        http.set("concurrent_chat", concurrent());
        return http;
    }

    private double embeddingsPerSecond(int batch) throws Exception {
        long count = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < EMBEDDING_RUN.toNanos()) {
            embed(batch);
            count += batch;
        }
        return count / ((System.nanoTime() - t0) / 1e9);
    }

    /** {@value #CLIENTS} clients back to back: requests and completion tokens per second, and latency under load. */
    private ObjectNode concurrent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            long t0 = System.nanoTime();
            long end = t0 + CONCURRENT_RUN.toNanos();
            List<Future<List<double[]>>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    List<double[]> done = new ArrayList<>();
                    while (System.nanoTime() < end) {
                        long start = System.nanoTime();
                        JsonNode completion = chat();
                        done.add(new double[] {(System.nanoTime() - start) / 1e6,
                            completion.path("usage").path("completion_tokens").asDouble()});
                    }
                    return done;
                }));
            }
            List<double[]> all = new ArrayList<>();
            for (Future<List<double[]>> f : clients) {
                all.addAll(f.get());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            ObjectNode result = percentiles(all.stream().mapToDouble(r -> r[0]).toArray());
            result.put("clients", CLIENTS);
            result.put("requests_per_second", round(all.size() / seconds));
            result.put("tokens_per_second", Math.round(all.stream().mapToDouble(r -> r[1]).sum() / seconds));
            return result;
        } finally {
            pool.shutdownNow();
        }
    }

    private JsonNode chat() throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(post("/v1/chat/completions",
                OpenAiApi.chatBody(OpenAiApi.LOCAL_MODEL, MAX_TOKENS, false)), HttpResponse.BodyHandlers.ofString());
        return ok(response);
    }

    /** The times (nanoTime) of the first text fragment and of {@code [DONE]}. */
    private double[] stream() throws IOException, InterruptedException {
        HttpResponse<Stream<String>> response = client.send(post("/v1/chat/completions",
                OpenAiApi.chatBody(OpenAiApi.LOCAL_MODEL, MAX_TOKENS, true)), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("stream answered " + response.statusCode());
        }
        double first = 0;
        try (Stream<String> lines = response.body()) {
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (first == 0 && line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
                    first = System.nanoTime();
                }
                if (line.equals("data: [DONE]")) {
                    return new double[] {first, System.nanoTime()};
                }
            }
        }
        throw new IllegalStateException("the stream ended without [DONE]");
    }

    private void embed(int batch) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("model", OpenAiApi.LOCAL_MODEL);
        ArrayNode input = body.putArray("input");
        for (int i = 0; i < batch; i++) {
            input.add(TEXT);
        }
        ok(client.send(post("/v1/embeddings", body.toString()), HttpResponse.BodyHandlers.ofString()));
    }

    private HttpRequest post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static JsonNode ok(HttpResponse<String> response) throws IOException {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private static ObjectNode percentiles(double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        ObjectNode result = JSON.createObjectNode();
        result.put("p50", round(percentile(sorted, 0.50)));
        result.put("p90", round(percentile(sorted, 0.90)));
        result.put("p99", round(percentile(sorted, 0.99)));
        result.put("max", round(sorted[sorted.length - 1]));
        result.put("mean", round(Arrays.stream(sorted).average().orElse(0)));
        result.put("samples", sorted.length);
        return result;
    }

    /** Nearest rank. */
    private static double percentile(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    /** Each router benchmark's µs per request, and what routing adds to the direct call. */
    private static JsonNode routerOverhead(Path jmh) throws IOException {
        JsonNode results = readIfPresent(jmh);
        if (results.isNull()) {
            return results;
        }
        ObjectNode scores = JSON.createObjectNode();
        for (JsonNode run : results) {
            String name = run.path("benchmark").asText();
            JsonNode metric = run.path("primaryMetric");
            double best = Double.MAX_VALUE;
            for (JsonNode fork : metric.path("rawData")) {
                for (JsonNode iteration : fork) {
                    best = Math.min(best, iteration.asDouble());
                }
            }
            // on a busy machine the mean mixes runs that found a free core with runs that waited for one
            scores.putObject(name.substring(name.lastIndexOf('.') + 1))
                    .put("us_per_op", round(metric.path("score").asDouble()))
                    .put("error_99_9", round(metric.path("scoreError").asDouble()))
                    .put("best_iteration_us_per_op", round(best));
        }
        ObjectNode overhead = JSON.createObjectNode();
        for (String kind : List.of("chat", "embed", "stream")) {
            JsonNode routed = scores.path(kind + "Routed");
            JsonNode direct = scores.path(kind + "Direct");
            if (!routed.isMissingNode() && !direct.isMissingNode()) {
                overhead.putObject(kind).put("mean_us", round(routed.path("us_per_op").asDouble()
                        - direct.path("us_per_op").asDouble()))
                        .put("best_iteration_us", round(routed.path("best_iteration_us_per_op").asDouble()
                                - direct.path("best_iteration_us_per_op").asDouble()));
            }
        }
        ObjectNode result = JSON.createObjectNode();
        result.set("benchmarks", scores);
        result.set("added_by_router", overhead);
        return result;
    }

    private static JsonNode readIfPresent(Path file) throws IOException {
        return file != null && Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : JSON.nullNode();
    }

    private static ObjectNode machine() throws IOException {
        ObjectNode machine = JSON.createObjectNode();
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown");
        machine.put("cpu", cpu);
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        machine.put("node_max_heap", "512m");
        return machine;
    }

    private static String loadAverage() throws IOException {
        String[] fields = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
        return String.join(" ", fields[0], fields[1], fields[2]);
    }

    private static double round(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.3f", value));
    }
}
