package org.aegis.itests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A js-libp2p node ({@code itests/js/peer.mjs}: TCP, Noise, Yamux, identify, ping, gossipsub, and the
 * {@code /aegis/echo/1.0.0} and {@code /aegis/sink/1.0.0} test protocols) in its own Node.js process, driven
 * over stdin/stdout with one JSON object per line. The reference peer AEGIS's own libp2p transport is tested
 * and measured against.
 *
 * <p>Commands block until the node answers; a command the node rejects throws {@link CommandFailed} with the
 * node's reason. Events ({@code connected}, {@code disconnected}, {@code identified}, {@code subscription},
 * {@code graft}, {@code prune}, {@code message}, {@code error}) queue up until a test takes them with
 * {@link #await}. {@link #close} stops the process, and a shutdown hook kills it if a test never gets there;
 * the node also exits by itself when its stdin closes, so it cannot outlive this JVM.
 */
public final class JsPeer implements AutoCloseable {
    public static final String ECHO_PROTOCOL = "/aegis/echo/1.0.0";
    public static final String SINK_PROTOCOL = "/aegis/sink/1.0.0";
    /** How long a command may take unless the caller says otherwise. */
    public static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Duration STARTUP = Duration.ofSeconds(30);
    /** The node enforces a command's timeout itself and says why; this JVM waits a little longer for that answer. */
    private static final Duration REPLY_GRACE = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * How to start a peer.
     *
     * @param listen    multiaddr to listen on
     * @param seed      32-byte Ed25519 seed for a deterministic peer id, or {@code null} for a random key
     * @param heartbeat gossipsub heartbeat interval (js-libp2p's default is one second)
     */
    public record Options(String listen, byte[] seed, Duration heartbeat) {
        public Options {
            if (seed != null && seed.length != 32) {
                throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, not " + seed.length);
            }
            if (heartbeat.isNegative() || heartbeat.isZero()) {
                throw new IllegalArgumentException("heartbeat must be positive: " + heartbeat);
            }
            seed = seed == null ? null : seed.clone();
        }

        public static Options defaults() {
            return new Options("/ip4/127.0.0.1/tcp/0", null, Duration.ofSeconds(1));
        }

        public Options withListen(String multiaddr) {
            return new Options(multiaddr, seed, heartbeat);
        }

        public Options withSeed(byte[] ed25519Seed) {
            return new Options(listen, ed25519Seed, heartbeat);
        }

        public Options withHeartbeat(Duration interval) {
            return new Options(listen, seed, interval);
        }
    }

    /** A connection as the js node sees it: {@code encryption} is e.g. {@code /noise}, {@code multiplexer} {@code /yamux/1.0.0}. */
    public record Connection(String remoteAddr, String direction, String encryption, String multiplexer, String status) {
    }

    /** A connected peer and its open connections. */
    public record PeerInfo(String peer, List<String> addrs, List<Connection> connections) {
    }

    /**
     * What identify told the js node about a peer. From {@link #identify} the protocols, versions and
     * {@code peerStoreAddrs} are the js peer store's; in an {@code identified} event {@code peerStoreAddrs} is null.
     * {@code observedAddr} is the js node's own address as the remote reported it.
     */
    public record Identify(String peer, List<String> protocols, String agentVersion, String protocolVersion,
            List<String> listenAddrs, String observedAddr, boolean signedPeerRecord, List<String> peerStoreAddrs) {
    }

    /** A gossipsub message the js node received; {@code seqno} is the decimal value of the 8-byte sequence number. */
    public record Message(String topic, String from, byte[] data, String seqno) {
    }

    /** A write-only transfer to a peer's sink: {@code ms} runs from opening the stream to the sink's byte count. */
    public record StreamBench(long bytes, double ms) {
        public double megabytesPerSecond() {
            return bytes / 1e6 / (ms / 1000);
        }
    }

    /** The js node answered a command with an error, did not answer in time, or is gone. */
    public static final class CommandFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailed(String message) {
            super(message);
        }
    }

    private final Process process;
    private final Path log;
    private final Writer stdin;
    private final Thread reader;
    private final Thread cleanup;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    /** Events not yet taken by {@link #await}, oldest first; guarded by itself. */
    private final List<JsonNode> events = new ArrayList<>();
    private volatile boolean exited;
    private boolean closed;
    private String peerId;
    private List<String> addrs;

    private JsPeer(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.stdin = process.outputWriter(StandardCharsets.UTF_8);
        this.cleanup = new Thread(process::destroyForcibly, "js-peer-cleanup-" + process.pid());
        Runtime.getRuntime().addShutdownHook(cleanup);
        this.reader = new Thread(this::readReplies, "js-peer-reader-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a peer with {@link Options#defaults()}. */
    public static JsPeer start() {
        return start(Options.defaults());
    }

    /** Starts a peer and waits until it listens. */
    public static JsPeer start(Options options) {
        Path js = Path.of(System.getProperty("aegis.js.dir", "js")).toAbsolutePath();
        if (!Files.isRegularFile(js.resolve("peer.mjs"))) {
            throw new IllegalStateException("no js peer at " + js + "/peer.mjs; set -Daegis.js.dir to itests/js");
        }
        if (!Files.isDirectory(js.resolve("node_modules/libp2p"))) {
            throw new IllegalStateException("the js peer's dependencies are not installed in " + js
                    + "/node_modules: run `npm ci` there (mvn verify runs it in the itests module's"
                    + " generate-test-resources phase)");
        }
        List<String> command = new ArrayList<>(List.of(System.getProperty("aegis.node", "node"),
                "--import", "./polyfill.mjs", "peer.mjs",
                "--listen", options.listen(),
                "--heartbeat-ms", String.valueOf(options.heartbeat().toMillis())));
        if (options.seed() != null) {
            command.addAll(List.of("--seed", HexFormat.of().formatHex(options.seed())));
        }
        Path log = logFile();
        Process process;
        try {
            process = new ProcessBuilder(command).directory(js.toFile())
                    .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command.get(0) + " (Node.js 20 or later must be on the"
                    + " PATH, or set -Daegis.node): " + e.getMessage(), e);
        }
        JsPeer peer = new JsPeer(process, log);
        try {
            JsonNode ready = peer.await(event -> event.path("event").asText().equals("ready"), STARTUP);
            peer.peerId = ready.path("peerId").asText();
            peer.addrs = List.of(convert(ready.path("addrs"), String[].class));
            return peer;
        } catch (RuntimeException | AssertionError e) {
            peer.close();
            throw new IllegalStateException("the js peer did not start: " + e.getMessage(), e);
        }
    }

    private static Path logFile() {
        try {
            Path folder = Path.of(System.getProperty("project.build.directory", "target"), "js-peers");
            Files.createDirectories(folder);
            return Files.createTempFile(folder, "js-peer-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String peerId() {
        return peerId;
    }

    /** The addresses the node listens on, each ending in {@code /p2p/<peer id>}. */
    public List<String> addrs() {
        return addrs;
    }

    /** The first listen address, the one to dial. */
    public String address() {
        return addrs.get(0);
    }

    /** The node's stderr (js-libp2p logs there with {@code DEBUG=libp2p*} in the environment). */
    public Path log() {
        return log;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Connects to {@code multiaddr} and returns the remote peer id. */
    public String dial(String multiaddr) {
        return request("dial", Map.of("addr", multiaddr), TIMEOUT).path("peer").asText();
    }

    /** Closes every connection to a peer (id or multiaddr). */
    public void hangup(String peer) {
        request("hangup", Map.of("peer", peer), TIMEOUT);
    }

    /** One {@code /ipfs/ping/1.0.0} round trip to a peer (id or multiaddr), in milliseconds. */
    public double ping(String peer) {
        return request("ping", Map.of("peer", peer), TIMEOUT).path("rtt").asDouble();
    }

    public List<PeerInfo> peers() {
        return List.of(convert(request("peers", Map.of(), TIMEOUT).path("peers"), PeerInfo[].class));
    }

    /** Runs identify on the open connection to {@code peer} and reports what the js peer store then holds. */
    public Identify identify(String peer) {
        return convert(request("identify", Map.of("peer", peer), TIMEOUT), Identify.class);
    }

    public void subscribe(String topic) {
        request("subscribe", Map.of("topic", topic), TIMEOUT);
    }

    public void unsubscribe(String topic) {
        request("unsubscribe", Map.of("topic", topic), TIMEOUT);
    }

    /** Publishes a signed message and returns the peers it was sent to (empty is allowed). */
    public List<String> publish(String topic, byte[] data) {
        JsonNode result = request("publish",
                Map.of("topic", topic, "data", Base64.getEncoder().encodeToString(data)), TIMEOUT);
        return List.of(convert(result.path("recipients"), String[].class));
    }

    /** The peers in the node's gossipsub mesh for a topic. */
    public List<String> meshPeers(String topic) {
        return List.of(convert(request("meshPeers", Map.of("topic", topic), TIMEOUT).path("peers"), String[].class));
    }

    /** The peers the node knows to be subscribed to a topic. */
    public List<String> subscribers(String topic) {
        return List.of(convert(request("subscribers", Map.of("topic", topic), TIMEOUT).path("peers"), String[].class));
    }

    /** Sends {@code data} over a new {@link #ECHO_PROTOCOL} stream to a peer and returns what came back. */
    public byte[] echo(String peer, byte[] data) {
        JsonNode result = request("echo", Map.of("peer", peer, "data", Base64.getEncoder().encodeToString(data)),
                TIMEOUT);
        return Base64.getDecoder().decode(result.path("data").asText());
    }

    /** Writes {@code bytes} bytes to a peer's {@link #SINK_PROTOCOL} and times it until the sink's count arrives. */
    public StreamBench streamBench(String peer, long bytes, Duration timeout) {
        return convert(request("streamBench", Map.of("peer", peer, "bytes", bytes), timeout), StreamBench.class);
    }

    /**
     * Sends any command and returns its {@code result}. The node gets {@code timeout} as the command's own
     * limit and reports running out of it as an error.
     *
     * @throws CommandFailed with the node's error, or when there is no answer
     */
    public JsonNode request(String command, Map<String, ?> fields, Duration timeout) {
        long id = ids.incrementAndGet();
        ObjectNode message = JSON.valueToTree(fields);
        message.put("id", id).put("cmd", command).put("timeoutMs", timeout.toMillis());
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            if (exited) {
                throw gone();
            }
            send(message);
            JsonNode answer = reply.get(timeout.plus(REPLY_GRACE).toMillis(), TimeUnit.MILLISECONDS);
            if (answer.hasNonNull("error")) {
                throw new CommandFailed(command + " " + fields + ": " + answer.get("error").asText());
            }
            return answer.path("result");
        } catch (TimeoutException e) {
            throw new CommandFailed("no answer to " + command + " " + fields + " within " + timeout.plus(REPLY_GRACE)
                    + "; " + tail());
        } catch (ExecutionException e) {
            throw (CommandFailed) e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailed("interrupted waiting for " + command);
        } finally {
            pending.remove(id);
        }
    }

    private void send(ObjectNode message) {
        try {
            String line = JSON.writeValueAsString(message);
            synchronized (stdin) {
                stdin.write(line);
                stdin.write('\n');
                stdin.flush();
            }
        } catch (IOException e) {
            throw new CommandFailed("cannot write to the js peer: " + e.getMessage() + "; " + tail());
        }
    }

    /**
     * Takes the oldest queued event that {@code matches}, waiting for it up to {@code timeout}. Events that do not
     * match stay queued for a later call.
     *
     * @throws AssertionError when none arrives in time or the process has exited
     */
    public JsonNode await(Predicate<JsonNode> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Iterator<JsonNode> it = events.iterator(); it.hasNext(); ) {
                    JsonNode event = it.next();
                    if (matches.test(event)) {
                        it.remove();
                        return event;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || exited) {
                    throw new AssertionError((exited ? "the js peer exited" : "no matching event within " + timeout)
                            + "; queued: " + events + "; " + tail());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(events, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted waiting for an event", e);
                }
            }
        }
    }

    /** Takes the oldest event of {@code type} whose {@code peer} field is {@code peer}. */
    public JsonNode awaitEvent(String type, String peer, Duration timeout) {
        return await(event -> event.path("event").asText().equals(type) && event.path("peer").asText().equals(peer),
                timeout);
    }

    /** Takes the oldest gossipsub message received on {@code topic}. */
    public Message awaitMessage(String topic, Duration timeout) {
        return convert(await(event -> event.path("event").asText().equals("message")
                && event.path("topic").asText().equals(topic), timeout), Message.class);
    }

    /** Takes the oldest {@code identified} event about {@code peer}: identify finished after a connection opened. */
    public Identify awaitIdentified(String peer, Duration timeout) {
        return convert(awaitEvent("identified", peer, timeout), Identify.class);
    }

    /** Takes every queued event, oldest first; e.g. after a run of many messages nobody waits for one by one. */
    public List<JsonNode> drainEvents() {
        synchronized (events) {
            List<JsonNode> all = List.copyOf(events);
            events.clear();
            return all;
        }
    }

    private void readReplies() {
        try (BufferedReader lines = process.inputReader(StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                accept(line);
            }
        } catch (IOException e) {
            // The pipe closed under us: the process is gone, which the finally block reports.
        } finally {
            exited = true;
            pending.values().forEach(reply -> reply.completeExceptionally(gone()));
            synchronized (events) {
                events.notifyAll();
            }
        }
    }

    private void accept(String line) {
        JsonNode message;
        try {
            message = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            // Not ours: something in the node wrote to stdout. Kept as an event so a test can see it.
            message = JSON.createObjectNode().put("event", "output").put("line", line);
        }
        if (message.hasNonNull("id")) {
            CompletableFuture<JsonNode> reply = pending.get(message.get("id").asLong());
            if (reply != null) {
                reply.complete(message);
            }
            return;
        }
        if (!message.has("event")) {
            // An answer to a line the node could not read (id null): a harness bug, surfaced as an event.
            message = JSON.createObjectNode().put("event", "error").put("error", message.path("error").asText());
        }
        synchronized (events) {
            events.add(message);
            events.notifyAll();
        }
    }

    private CommandFailed gone() {
        return new CommandFailed("the js peer " + (peerId != null ? peerId + " " : "") + "is not running"
                + (process.isAlive() ? "" : " (exit code " + process.exitValue() + ")") + "; " + tail());
    }

    /** The end of the node's stderr, for failure messages. */
    private String tail() {
        try {
            String text = Files.readString(log);
            return "log " + log + (text.isBlank() ? " is empty"
                    : ":\n" + text.substring(Math.max(0, text.length() - 2000)));
        } catch (IOException e) {
            return "log " + log + " unreadable: " + e.getMessage();
        }
    }

    private static <T> T convert(JsonNode node, Class<T> type) {
        try {
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new CommandFailed("unexpected answer from the js peer for " + type.getSimpleName() + ": " + node);
        }
    }

    /** Closes stdin (the node stops libp2p and exits), then terminates it if it does not exit in time. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            try {
                stdin.close();
            } catch (IOException e) {
                // Already closed because the process exited: nothing left to stop gracefully.
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(3, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
            reader.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // The JVM is shutting down; the hook runs anyway and finds the process gone.
            }
        }
    }
}
