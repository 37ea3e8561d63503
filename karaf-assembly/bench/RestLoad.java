import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read load for the monitoring-overhead benchmark: clients that each send GET requests to one URL back to back
 * (closed loop) and time each from send to answer; a warm-up is run first and not counted. Prints one JSON object:
 * requests per second and latency percentiles of the 200s, how many answers were not 200, and, given the pids of the
 * nodes that serve them, the CPU microseconds those nodes used per request answered in the measuring window.
 *
 * <pre>java RestLoad URL TOKEN clients warmupSeconds seconds [PID,PID,...]</pre>
 */
public final class RestLoad {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String token = args[1];
        int clients = Integer.parseInt(args[2]);
        long warmupNanos = Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
        long measureNanos = Duration.ofSeconds(Long.parseLong(args[4])).toNanos();
        NodeCpu cpu = NodeCpu.of(args.length > 5 ? args[5] : "");

        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).GET().build();
        long measureFrom = System.nanoTime() + warmupNanos;
        long end = measureFrom + measureNanos;
        List<Long> latencies = new ArrayList<>();
        AtomicLong failed = new AtomicLong();
        AtomicLong answeredInWindow = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread client = new Thread(() -> {
                List<Long> mine = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    int status;
                    try {
                        status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                    } catch (Exception e) {
                        status = -1;
                    }
                    long answered = System.nanoTime();
                    if (answered >= measureFrom && answered <= end) {
                        answeredInWindow.incrementAndGet();
                    }
                    if (sent >= measureFrom && answered <= end) {
                        if (status == 200) {
                            mine.add(answered - sent);
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                }
                synchronized (latencies) {
                    latencies.addAll(mine);
                }
            });
            client.start();
            threads.add(client);
        }
        NodeCpu.sleepUntil(measureFrom);
        java.time.Duration cpuBefore = cpu.measures() ? cpu.used() : Duration.ZERO;
        NodeCpu.sleepUntil(end);
        java.time.Duration cpuUsed = cpu.measures() ? cpu.used().minus(cpuBefore) : Duration.ZERO;
        long answers = answeredInWindow.get();
        for (Thread client : threads) {
            client.join();
        }
        latencies.sort(null);
        double seconds = measureNanos / 1e9;
        System.out.printf(Locale.ROOT, "{\"clients\": %d, \"seconds\": %.0f, \"requests\": %d,"
                        + " \"requests_per_second\": %.1f, \"latency_ms\": {\"p50\": %s, \"p90\": %s, \"p99\": %s,"
                        + " \"max\": %s}, \"not_200\": %d, \"node_cpu_us_per_request\": %s}%n", clients, seconds,
                latencies.size(), latencies.size() / seconds, millis(latencies, 0.50), millis(latencies, 0.90),
                millis(latencies, 0.99), millis(latencies, 1.0), failed.get(), cpu.perOperation(cpuUsed, answers));
    }

    /** The quantile in milliseconds as JSON, {@code null} without any sample. */
    private static String millis(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return "null";
        }
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return String.format(Locale.ROOT, "%.2f", sorted.get(Math.max(0, index)) / 1e6);
    }
}
