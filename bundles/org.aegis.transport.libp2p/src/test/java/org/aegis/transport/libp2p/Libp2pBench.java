package org.aegis.transport.libp2p;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.aegis.api.transport.Multiaddr;
import org.aegis.transport.libp2p.connection.Connection;
import org.aegis.transport.libp2p.connection.ProtocolRegistry;
import org.aegis.transport.libp2p.connection.Upgrader;
import org.aegis.transport.libp2p.connection.WireBytes;
import org.aegis.transport.libp2p.multiformats.Multiaddress;
import org.aegis.transport.libp2p.noise.NoiseIdentity;

/**
 * AEGIS to AEGIS on loopback, measured as itests/js/bench.mjs measures js-libp2p to js-libp2p:
 * <ul>
 *   <li>stream throughput: bytes written to {@code /aegis/sink/1.0.0} over one TCP + Noise + Yamux connection, best
 *       of {@code --runs} runs after a 16 MiB warm-up (as in js) repeated for 2 s (for the JIT);</li>
 *   <li>handshakes: connections established one after another for {@code --handshake-seconds}, by one dialling node
 *       and by {@code --concurrency} dialling nodes at once, each closed before the next; latency per dial. One
 *       dial per node warms up, as in js, after 2 s of unmeasured dials of each kind for the JIT.</li>
 * </ul>
 * The listening node runs in a second JVM, as the js listener runs in a second Node.js process: each side has its
 * own event loops. js-libp2p's {@code dial} returns once the connection is upgraded (TCP, multistream-select, Noise
 * XX, multistream-select, Yamux), and the js bench runs without the identify service; {@code handshakes} measures
 * the same here, with the transport's own {@link Upgrader}. {@code handshakesWithIdentify} measures
 * {@link Libp2pTransport#dial} itself, which also waits for identify (and runs it both ways).
 *
 * <pre>
 *   java -cp TEST_CLASSPATH org.aegis.transport.libp2p.Libp2pBench OUT.json [--stream-mib 256] [--runs 3]
 *        [--handshake-seconds 8] [--concurrency 4]
 * </pre>
 */
public final class Libp2pBench {
    private static final String USAGE = "usage: Libp2pBench OUT.json [--stream-mib 256] [--runs 3] "
            + "[--handshake-seconds 8] [--concurrency 4]";
    private static final long TIMEOUT_SECONDS = 60;
    private static final long WARM_UP_BYTES = 16L * 1024 * 1024;
    private static final long JIT_WARM_UP_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final long streamBytes;
    private final int runs;
    private final long handshakeNanos;
    private final int concurrency;

    private Libp2pBench(long streamBytes, int runs, long handshakeNanos, int concurrency) {
        this.streamBytes = streamBytes;
        this.runs = runs;
        this.handshakeNanos = handshakeNanos;
        this.concurrency = concurrency;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && args[0].equals("--serve")) {
            serve();
            return;
        }
        Map<String, Integer> options = new LinkedHashMap<>(Map.of("--stream-mib", 256, "--runs", 3,
                "--handshake-seconds", 8, "--concurrency", 4));
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            if (options.containsKey(args[i]) && i + 1 < args.length) {
                options.put(args[i], positiveInteger(args[i], args[++i]));
            } else if (out == null && !args[i].startsWith("--")) {
                out = Path.of(args[i]);
            } else {
                System.err.println(USAGE);
                System.exit(2);
            }
        }
        if (out == null) {
            System.err.println(USAGE);
            System.exit(2);
        }
        new Libp2pBench(options.get("--stream-mib") * 1024L * 1024L, options.get("--runs"),
                TimeUnit.SECONDS.toNanos(options.get("--handshake-seconds")), options.get("--concurrency"))
                .run(out);
        // the transports are closed; the JVM may still hold Netty's global event executor for a moment
        System.exit(0);
    }

    private static int positiveInteger(String name, String value) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive integer, not " + value);
    }

    /** The listening side: prints its address, serves the sink until stdin closes. */
    private static void serve() throws IOException {
        try (Libp2pTransport node = benchNode()) {
            SinkProtocol.serve(node);
            System.out.println(node.listenAddresses().get(0).value());
            System.out.flush();
            while (System.in.read() >= 0) {
                // the parent never writes; end of input means stop
            }
        }
    }

    /**
     * A node whose inbound limits leave room for every dialling node's connections from 127.0.0.1, those still
     * closing included: the defaults bound one address far below what {@code --concurrency} may open.
     */
    private static Libp2pTransport benchNode() {
        return new Libp2pTransport(TransportSettings.defaults("127.0.0.1", 0, List.of())
                .withInboundLimits(new TransportSettings.InboundLimits(4096, 4096, 4096)), new TestIdentity());
    }

    private void run(Path out) throws Exception {
        String startedAt = Instant.now().toString();
        Map<String, Object> machineBefore = machine();
        Process listener = startListener();
        Map<String, Object> throughput;
        Map<String, Object> sequential;
        Map<String, Object> concurrent;
        Map<String, Object> identifiedSequential;
        Map<String, Object> identifiedConcurrent;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(listener.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line = lines.readLine();
            // JVM options such as -XX:StartFlightRecording may print before the address
            while (line != null && !line.startsWith("/")) {
                line = lines.readLine();
            }
            if (line == null) {
                throw new IllegalStateException("the listener exited with " + listener.waitFor());
            }
            Multiaddr target = new Multiaddr(line.trim());
            String peerId = line.substring(line.lastIndexOf('/') + 1).trim();
            throughput = streamThroughput(target, peerId);
            InetSocketAddress endpoint = Multiaddress.parse(target.value()).tcpEndpoint();
            Supplier<Dialer> upgrades = () -> new UpgradeDialer(endpoint, peerId);
            Supplier<Dialer> dials = () -> new TransportDialer(target, peerId);
            // unlike V8, the JIT needs more than one dial per node to compile the handshake path: the kind measured
            // first would otherwise pay for it
            handshakes(upgrades, concurrency, JIT_WARM_UP_NANOS);
            handshakes(dials, concurrency, JIT_WARM_UP_NANOS);
            sequential = handshakes(upgrades, 1, handshakeNanos);
            concurrent = handshakes(upgrades, concurrency, handshakeNanos);
            identifiedSequential = handshakes(dials, 1, handshakeNanos);
            identifiedConcurrent = handshakes(dials, concurrency, handshakeNanos);
        } finally {
            listener.getOutputStream().close();
            if (!listener.waitFor(10, TimeUnit.SECONDS)) {
                listener.destroyForcibly();
            }
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("benchmark", "libp2p-aegis");
        report.put("description", "AEGIS to AEGIS (org.aegis.transport.libp2p) over TCP + Noise + Yamux on "
                + "127.0.0.1, dialer and listener in two JVMs; handshakes end with the upgraded connection as in the "
                + "js bench, handshakesWithIdentify are Libp2pTransport.dial, which also waits for identify; "
                + "MB = 10^6 bytes");
        report.put("startedAt", startedAt);
        report.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        report.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        report.put("machine", machineBefore);
        report.put("loadAverageAfter", loadAverage());
        report.put("streamThroughput", throughput);
        report.put("handshakes", ordered("sequential", sequential, "concurrent", concurrent));
        report.put("handshakesWithIdentify", ordered("sequential", identifiedSequential, "concurrent",
                identifiedConcurrent));
        Path target = out.toAbsolutePath();
        Files.createDirectories(target.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(target.toFile(), report);
        System.out.printf("stream: best %s MB/s over %d x %d MiB; handshakes: %s/s sequential, %s/s with %d dialers "
                + "(with identify: %s/s, %s/s); written to %s%n", throughput.get("bestMbPerSecond"), runs,
                streamBytes >> 20, sequential.get("perSecond"), concurrent.get("perSecond"), concurrency,
                identifiedSequential.get("perSecond"), identifiedConcurrent.get("perSecond"), target);
    }

    /** The listener JVM: this class on the same class path, with this JVM's options. */
    private static Process startListener() throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Libp2pBench.class.getName());
        command.add("--serve");
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private Map<String, Object> streamThroughput(Multiaddr target, String peerId) throws Exception {
        try (Libp2pTransport writer = benchNode()) {
            writer.dial(target).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            // the js warm-up, then more for the JIT (which compiles the cipher's loops late)
            long warmUpEnd = System.nanoTime() + JIT_WARM_UP_NANOS;
            do {
                SinkProtocol.writeTo(writer, peerId, WARM_UP_BYTES, TIMEOUT_SECONDS);
            } while (System.nanoTime() < warmUpEnd);
            List<Map<String, Object>> results = new ArrayList<>();
            long bestNanos = Long.MAX_VALUE;
            for (int run = 0; run < runs; run++) {
                long nanos = SinkProtocol.writeTo(writer, peerId, streamBytes, TIMEOUT_SECONDS);
                bestNanos = Math.min(bestNanos, nanos);
                results.add(ordered("ms", round(nanos / 1e6), "mbPerSecond", round(megabytesPerSecond(nanos))));
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("protocol", SinkProtocol.PROTOCOL_ID);
            result.put("bytesPerRun", streamBytes);
            result.put("runs", results);
            result.put("bestMbPerSecond", round(megabytesPerSecond(bestNanos)));
            result.put("bestMibPerSecond", round(streamBytes / Math.pow(2, 20) / (bestNanos / 1e9)));
            return result;
        }
    }

    private double megabytesPerSecond(long nanos) {
        return streamBytes / 1e6 / (nanos / 1e9);
    }

    /** A dialling node: opens a connection to the listener, times it, closes it before the next. */
    private interface Dialer extends AutoCloseable {
        /** Returns the nanoseconds the dial took; the connection is closed when this returns. */
        long dialAndClose() throws Exception;

        @Override
        void close();
    }

    /** {@link Libp2pTransport#dial}: upgrade and identify. */
    private static final class TransportDialer implements Dialer {
        private final Libp2pTransport node = benchNode();
        private final Multiaddr target;
        private final String peerId;

        TransportDialer(Multiaddr target, String peerId) {
            this.target = target;
            this.peerId = peerId;
        }

        @Override
        public long dialAndClose() throws Exception {
            long before = System.nanoTime();
            node.dial(target).toCompletableFuture().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long nanos = System.nanoTime() - before;
            closeAndWait(node.connection(peerId));
            return nanos;
        }

        @Override
        public void close() {
            node.close();
        }
    }

    /**
     * The transport's connection upgrade alone, on its own event loops like a transport's: TCP, multistream-select,
     * Noise XX, multistream-select, Yamux, what js-libp2p's {@code dial} does without identify.
     */
    private static final class UpgradeDialer implements Dialer {
        private final TransportSettings settings = TransportSettings.defaults("127.0.0.1", 0, List.of());
        private final EventLoopGroup group = new NioEventLoopGroup(settings.eventLoopThreads());
        private final InetSocketAddress endpoint;
        private final String peerId;
        private final Upgrader upgrader;

        UpgradeDialer(InetSocketAddress endpoint, String peerId) {
            this.endpoint = endpoint;
            this.peerId = peerId;
            TestIdentity identity = new TestIdentity();
            this.upgrader = new Upgrader(new NoiseIdentity(identity, identity.publicKey(), new SecureRandom()),
                    new ProtocolRegistry(), settings.dialTimeout(), settings.maxStreamsPerConnection(),
                    settings.keepAliveInterval(), new WireBytes());
        }

        @Override
        public long dialAndClose() throws Exception {
            long before = System.nanoTime();
            CompletableFuture<Connection> connected = new CompletableFuture<>();
            new Bootstrap().group(group).channel(NioSocketChannel.class).option(ChannelOption.TCP_NODELAY, true)
                    .handler(upgrader.initializer(true, peerId, upgraded -> upgraded.whenComplete((connection, e) -> {
                        if (e == null) {
                            connected.complete(connection);
                        } else {
                            connected.completeExceptionally(e);
                        }
                    })))
                    .connect(endpoint).addListener(f -> {
                        if (!f.isSuccess()) {
                            connected.completeExceptionally(f.cause());
                        }
                    });
            Connection connection = connected.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long nanos = System.nanoTime() - before;
            closeAndWait(connection);
            return nanos;
        }

        @Override
        public void close() {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    private static void closeAndWait(Connection connection) throws InterruptedException {
        connection.close();
        if (!connection.channel().closeFuture().await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the connection to " + connection.remotePeerId() + " did not close");
        }
    }

    /** {@code dialers} nodes each open and close connections to the listener, one after another, for {@code nanos}. */
    private static Map<String, Object> handshakes(Supplier<Dialer> newDialer, int dialers, long nanos)
            throws Exception {
        List<Dialer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < dialers; i++) {
                nodes.add(newDialer.get());
            }
            for (Dialer node : nodes) { // warm-up
                node.dialAndClose();
            }
            List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            long started = System.nanoTime();
            long deadline = started + nanos;
            List<Thread> threads = new ArrayList<>();
            for (Dialer node : nodes) {
                Thread thread = new Thread(() -> {
                    try {
                        while (System.nanoTime() < deadline) {
                            latencies.add(node.dialAndClose());
                        }
                    } catch (Exception | AssertionError e) {
                        failures.add(e);
                    }
                }, "dialer-" + threads.size());
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                thread.join();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a dial failed", failures.get(0));
            }
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            return ordered("concurrency", dialers, "handshakes", sorted.size(), "seconds", round(seconds),
                    "perSecond", round(sorted.size() / seconds), "dialMs", ordered("p50", percentile(sorted, 0.5),
                            "p90", percentile(sorted, 0.9), "p99", percentile(sorted, 0.99),
                            "max", round(sorted.get(sorted.size() - 1) / 1e6)));
        } finally {
            for (Dialer node : nodes) {
                node.close();
            }
        }
    }

    private static double percentile(List<Long> sorted, double p) {
        return round(sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(p * sorted.size()))) / 1e6);
    }

    private static Map<String, Object> machine() throws IOException {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("platform", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("cpuModel", cpuModel());
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        machine.put("memoryGiB", round(os.getTotalMemorySize() / Math.pow(2, 30)));
        machine.put("loadAverage", loadAverage());
        return machine;
    }

    private static String cpuModel() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        return "unknown";
    }

    /** The 1, 5 and 15 minute load averages (only the first where /proc/loadavg is missing). */
    private static List<Double> loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        if (Files.isReadable(loadavg)) {
            String[] fields = Files.readString(loadavg).trim().split("\\s+");
            return List.of(round(Double.parseDouble(fields[0])), round(Double.parseDouble(fields[1])),
                    round(Double.parseDouble(fields[2])));
        }
        return List.of(round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
    }

    /** A JSON object with its keys in the order given: {@code key, value, key, value, …}. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
