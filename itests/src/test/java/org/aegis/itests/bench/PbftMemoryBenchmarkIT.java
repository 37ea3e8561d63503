package org.aegis.itests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aegis.api.consensus.Proposal;
import org.aegis.consensus.pbft.PbftConfig;
import org.aegis.consensus.pbft.Replica;
import org.aegis.itests.simulation.CappedWeights;
import org.aegis.itests.simulation.TestIdentity;
import org.aegis.testing.InMemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput and latency of 4 PBFT replicas on the memory transport in real time: one thread per replica, one for
 * the network, zero-latency links, real Ed25519 signatures on every message. Clients keep a fixed number of
 * requests outstanding, spread over the replicas; latency is from {@code propose} to the decision at the replica
 * asked. Writes {@code target/bench/pbft.json}. Run with {@code -Dbench.pbft=true} (see docs/BENCHMARKS.md).
 */
@EnabledIfSystemProperty(named = "bench.pbft", matches = "true")
class PbftMemoryBenchmarkIT {
    private static final int VALIDATORS = 4;
    private static final int[] BATCH_SIZES = {1, 16, 64};
    private static final int[] REQUEST_BYTES = {100, 1024, 10 * 1024};
    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("bench.warmup.seconds", 3));
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.measure.seconds", 6));
    private static final long MIN_HEAP_BYTES = 1400L << 20;

    record Result(int batchSize, int requestBytes, int outstanding, long decisions, double decisionsPerSecond,
            double p50Millis, double p99Millis, double networkMessagesPerSecond, double cpuSecondsPerSecond) {
    }

    record Report(String machine, int availableProcessors, String jvm, int validators, long warmUpSeconds,
            long measureSeconds, List<Result> results) {
    }

    @Test
    void throughputAndLatencyOnTheMemoryTransport() throws Exception {
        // Each replica's in-memory store keeps every decision, as a node's store does on disk: 10 KiB requests at
        // batch 64 fill some 400 MiB in a row. Refused up front rather than dying of OutOfMemoryError midway.
        assertTrue(Runtime.getRuntime().maxMemory() >= MIN_HEAP_BYTES, "the benchmark needs a heap of "
                + (MIN_HEAP_BYTES >> 20) + " MiB or more: run it with -Ditests.heap=1536m, not "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        List<Result> results = new ArrayList<>();
        for (int batch : BATCH_SIZES) {
            for (int bytes : REQUEST_BYTES) {
                Result r = run(batch, bytes);
                System.out.printf("batch %3d, %6d B: %8.0f decisions/s, p50 %6.2f ms, p99 %7.2f ms, cpu %.2f cores%n",
                        r.batchSize(), r.requestBytes(), r.decisionsPerSecond(), r.p50Millis(), r.p99Millis(),
                        r.cpuSecondsPerSecond());
                results.add(r);
            }
        }
        Path file = Path.of(System.getProperty("project.build.directory", "target"), "bench", "pbft.json");
        Files.createDirectories(file.getParent());
        String machine = System.getProperty("os.name") + " " + System.getProperty("os.arch");
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(),
                new Report(machine, Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"), VALIDATORS, WARM_UP.toSeconds(), MEASURE.toSeconds(),
                        results));
    }

    private static Result run(int batch, int bytes) throws Exception {
        List<TestIdentity> identities = new ArrayList<>();
        for (int i = 0; i < VALIDATORS; i++) {
            identities.add(new TestIdentity(7_000 + i));
        }
        List<String> ids = identities.stream().map(TestIdentity::peerId).toList();
        PbftConfig config = new PbftConfig(ids, batch, Duration.ofMillis(2), 16, 64, Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(2), PbftConfig.DEFAULT_MAX_PROPOSALS_IN_FLIGHT);
        List<Replica> replicas = new ArrayList<>();
        List<ScheduledExecutorService> executors = new ArrayList<>();
        List<DecisionOrder> decided = new ArrayList<>();
        int outstanding = Math.max(16, 4 * batch);
        try (DrivenNetwork network = new DrivenNetwork()) {
            network.start(identities);
            for (TestIdentity identity : identities) {
                ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                        r -> new Thread(r, "pbft-" + identity.peerId().substring(44)));
                Replica replica = new Replica(identity, network.transport(identity.peerId()), new InMemoryStore(),
                        executor, Clock.systemUTC(), config, new CappedWeights());
                DecisionOrder mine = new DecisionOrder();
                replica.onDecision(d -> mine.add(d.proposal().id()));
                decided.add(mine);
                replicas.add(replica);
                executors.add(executor);
                replica.start();
            }
            Semaphore window = new Semaphore(outstanding);
            ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
            AtomicLong completed = new AtomicLong();
            byte[] payload = new byte[bytes];
            Arrays.fill(payload, (byte) 'x');
            long start = System.nanoTime();
            long measureFrom = start + WARM_UP.toNanos();
            long measureTo = measureFrom + MEASURE.toNanos();
            long messagesAtStart = 0;
            long cpuAtStart = 0;
            boolean measuring = false;
            for (long i = 0; System.nanoTime() < measureTo; i++) {
                if (!measuring && System.nanoTime() >= measureFrom) {
                    measuring = true;
                    messagesAtStart = network.messages();
                    cpuAtStart = processCpuNanos();
                }
                if (!window.tryAcquire(1, TimeUnit.SECONDS)) {
                    continue;
                }
                long sent = System.nanoTime();
                replicas.get((int) (i % VALIDATORS)).propose(new Proposal("r" + i, "bench", payload, "bench"))
                        .whenComplete((d, e) -> {
                            long done = System.nanoTime();
                            window.release();
                            if (e == null && sent >= measureFrom && done <= measureTo) {
                                latencies.add(done - sent);
                                completed.incrementAndGet();
                            }
                        });
            }
            double seconds = MEASURE.toNanos() / 1e9;
            double cpu = (processCpuNanos() - cpuAtStart) / 1e9 / seconds;
            double messagesPerSecond = (network.messages() - messagesAtStart) / seconds;
            replicas.forEach(Replica::stop);
            for (ScheduledExecutorService executor : executors) {
                // Once a task queued after stop() ran, the replica ignores its inputs and timers: drop them.
                executor.submit(() -> { }).get(30, TimeUnit.SECONDS);
                executor.shutdownNow();
                assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
            }
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            assertTrue(sorted.length > 0, "decisions in the measured window");
            int common = decided.stream().mapToInt(DecisionOrder::size).min().orElseThrow();
            assertTrue(common > 0, "every replica decided");
            for (DecisionOrder other : decided) {
                assertEquals(decided.get(0).after(common), other.after(common), "replicas agree on the order");
            }
            return new Result(batch, bytes, outstanding, completed.get(), completed.get() / seconds,
                    percentile(sorted, 0.50), percentile(sorted, 0.99), messagesPerSecond, cpu);
        }
    }

    private static double percentile(long[] sortedNanos, double q) {
        int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(q * sortedNanos.length) - 1);
        return sortedNanos[Math.max(0, index)] / 1e6;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
