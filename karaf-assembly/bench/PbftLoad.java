import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load for the PBFT cluster benchmark (pbft-libp2p.sh): clients that each keep a fixed number of proposals in flight
 * through one node's REST API ({@code POST /api/v1/proposals?wait=30}, answered 201 once decided) and time each from
 * send to answer. Clients go round-robin over the nodes. A warm-up is run first and not counted. Prints one JSON
 * object: decided proposals per second, latency percentiles, the count of every other answer and, given the pids of
 * the nodes, the CPU microseconds they used together per proposal decided in the measuring window. A client refused
 * with 503 waits as its {@code Retry-After} says before sending its next proposal.
 *
 * <pre>java PbftLoad URL,URL,... TOKEN,TOKEN,... clients inFlight payloadBytes warmupSeconds seconds runId [PID,...]</pre>
 */
public final class PbftLoad {
    public static void main(String[] args) throws Exception {
        List<String> urls = Arrays.asList(args[0].split(","));
        List<String> tokens = Arrays.asList(args[1].split(","));
        int clients = Integer.parseInt(args[2]);
        int inFlight = Integer.parseInt(args[3]);
        int payloadBytes = Integer.parseInt(args[4]);
        long warmupNanos = Duration.ofSeconds(Long.parseLong(args[5])).toNanos();
        long measureNanos = Duration.ofSeconds(Long.parseLong(args[6])).toNanos();
        String runId = args[7];
        NodeCpu cpu = NodeCpu.of(args.length > 8 ? args[8] : "");

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long end = measureFrom + measureNanos;
        List<Long> latencies = new ArrayList<>();
        Map<String, Integer> others = new TreeMap<>();
        AtomicLong counter = new AtomicLong();
        AtomicLong decidedInWindow = new AtomicLong();
        // the payload's bytes: {"data":"xxx…"} with the padding making up the requested size
        String padding = "x".repeat(Math.max(0, payloadBytes - "{\"data\":\"\"}".length()));
        CountDownLatch done = new CountDownLatch(clients * inFlight);

        for (int c = 0; c < clients; c++) {
            String url = urls.get(c % urls.size()) + "/api/v1/proposals?wait=30";
            String token = tokens.get(c % tokens.size());
            for (int k = 0; k < inFlight; k++) {
                new Object() {
                    void next() {
                        if (System.nanoTime() >= end) {
                            done.countDown();
                            return;
                        }
                        String id = runId + "-" + counter.incrementAndGet();
                        String body = "{\"id\":\"" + id + "\",\"kind\":\"bench\",\"payload\":{\"data\":\"" + padding
                                + "\"}}";
                        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(40))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                        long sent = System.nanoTime();
                        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                            long answered = System.nanoTime();
                            String outcome = error != null ? error.getClass().getSimpleName()
                                    : response.statusCode() == 201 ? null : String.valueOf(response.statusCode());
                            if (outcome == null && answered >= measureFrom && answered <= end) {
                                decidedInWindow.incrementAndGet();
                            }
                            synchronized (latencies) {
                                if (sent >= measureFrom && answered <= end) {
                                    if (outcome == null) {
                                        latencies.add(answered - sent);
                                    } else {
                                        others.merge(outcome, 1, Integer::sum);
                                    }
                                }
                            }
                            // a refusal says when to send again (back-pressure): a client that obeys it waits
                            long retryAfter = response == null || response.statusCode() != 503 ? 0
                                    : response.headers().firstValueAsLong("Retry-After").orElse(1);
                            if (retryAfter > 0) {
                                CompletableFuture.delayedExecutor(retryAfter, TimeUnit.SECONDS).execute(this::next);
                            } else {
                                next();
                            }
                        });
                    }
                }.next();
            }
        }
        NodeCpu.sleepUntil(measureFrom);
        Duration cpuBefore = cpu.measures() ? cpu.used() : Duration.ZERO;
        NodeCpu.sleepUntil(end);
        Duration cpuUsed = cpu.measures() ? cpu.used().minus(cpuBefore) : Duration.ZERO;
        long decisions = decidedInWindow.get();
        done.await();
        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        sorted.sort(null);
        double seconds = measureNanos / 1e9;
        StringBuilder otherJson = new StringBuilder("{");
        others.forEach((k, v) -> otherJson.append(otherJson.length() > 1 ? ", " : "").append('"').append(k)
                .append("\": ").append(v));
        System.out.printf(Locale.ROOT, "{\"clients\": %d, \"in_flight_per_client\": %d, \"payload_bytes\": %d,"
                        + " \"seconds\": %.0f, \"decided\": %d, \"decisions_per_second\": %.1f, \"latency_ms\": "
                        + "{\"p50\": %s, \"p90\": %s, \"p99\": %s, \"max\": %s}, \"other_answers\": %s,"
                        + " \"node_cpu_us_per_decision\": %s}%n",
                clients, inFlight, payloadBytes, seconds, sorted.size(), sorted.size() / seconds,
                millis(sorted, 0.50), millis(sorted, 0.90), millis(sorted, 0.99), millis(sorted, 1.0),
                otherJson.append('}'), cpu.perOperation(cpuUsed, decisions));
    }

    /** The quantile in milliseconds as JSON, {@code null} without any sample. */
    private static String millis(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return "null";
        }
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return String.format(Locale.ROOT, "%.1f", sorted.get(Math.max(0, index)) / 1e6);
    }
}
