package org.aegis.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The built distribution unpacked into its own folder and run as a separate process ({@code bin/karaf server}),
 * on free loopback ports. {@link #close} stops it and everything it started, pass or fail.
 */
public final class NodeProcess implements AutoCloseable {
    /**
     * The embedded model's training in tests: a few seconds of one core instead of a minute, so that nodes started
     * side by side do not starve each other; the model is smaller but real.
     */
    static final String TEST_TRAINING_STEPS = "600";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path home;
    private final int httpPort = Ports.free();
    private final int httpsPort = Ports.free();
    private final int sshPort = Ports.free();
    private final int libp2pPort = Ports.free();
    private String maxHeap = "512m";
    private Process process;
    private final Thread cleanup = new Thread(this::kill, "node-process-cleanup");

    private NodeProcess(Path home) {
        this.home = home;
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Unpacks the distribution into {@code folder} (emptied first) and sets ports and a shell login for tests. */
    public static NodeProcess unpack(Path distribution, Path folder) throws IOException, InterruptedException {
        if (Files.exists(folder)) {
            run(List.of("rm", "-rf", folder.toString()));
        }
        Files.createDirectories(folder);
        run(List.of("tar", "-xzf", distribution.toString(), "-C", folder.toString(), "--strip-components=1"));
        NodeProcess node = new NodeProcess(folder);
        node.configure("etc/org.ops4j.pax.web.cfg", Map.of("org.osgi.service.http.port", String.valueOf(node.httpPort),
                "aegis.https.port", String.valueOf(node.httpsPort)));
        node.configure("etc/org.apache.karaf.shell.cfg", "sshPort", String.valueOf(node.sshPort));
        node.configure("etc/org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(Ports.free()));
        node.configure("etc/org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(Ports.free()));
        node.configure("etc/org.aegis.transport.libp2p.cfg", "listenHost", "127.0.0.1");
        node.configure("etc/org.aegis.transport.libp2p.cfg", "port", String.valueOf(node.libp2pPort));
        node.configure("etc/org.aegis.model.local.cfg", "trainingSteps", TEST_TRAINING_STEPS);
        // A login for bin/client; the distribution ships none.
        Files.writeString(folder.resolve("etc/users.properties"),
                "itest = itest,_g_:admingroup\n_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n",
                StandardCharsets.ISO_8859_1);
        return node;
    }

    /**
     * What tests read right after a start. The JAX-RS whiteboard registers resources one at a time, so
     * {@code /api/health} can answer 200 before the others exist.
     */
    private static final List<String> READY_PATHS = List.of("/api/health", "/api/v1/node", "/api/network/status",
            "/api/v1/consensus", "/v1/models", "/api/v1/alerts", "/metrics");

    /**
     * Waits until the node is healthy, serves every path of {@link #READY_PATHS}, and its libp2p transport listens
     * (the REST API can be up before the transport's bundle has started).
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String path : READY_PATHS) {
            http().await(path, 200, timeout);
        }
        // Each JAX-RS extension that joins restarts the whiteboard's application, and meanwhile its paths fall
        // through to the dashboard: the request timing filter, the last to join, shows in /metrics once it times.
        while (!timingRequests()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the REST request timing of " + home + " is not there after " + timeout);
            }
            Thread.sleep(250);
        }
        while (!listening()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the libp2p transport of " + home + " does not listen after " + timeout);
            }
            Thread.sleep(250);
        }
    }

    private boolean timingRequests() throws InterruptedException {
        try {
            Http.Reply metrics = http().get("/metrics", null);
            return metrics.status() == 200 && metrics.body().contains("aegis_http_server_request_duration_seconds_count");
        } catch (IOException e) {
            return false;
        }
    }

    private boolean listening() throws InterruptedException {
        try {
            Http.Reply status = http().get("/api/network/status", null);
            return status.status() == 200 && JSON.readTree(status.body()).path("listen_addresses").size() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    public Http http() {
        return new Http(httpPort);
    }

    public int httpPort() {
        return httpPort;
    }

    /** The HTTPS port (all interfaces); plain HTTP ({@link #httpPort}) listens on loopback only. */
    public int httpsPort() {
        return httpsPort;
    }

    /** The node's certificate authority (PEM), which clients trust to reach its HTTPS port. */
    public Path certificateAuthority() {
        return home.resolve("data/aegis/tls/ca.crt");
    }

    /** The TCP port its libp2p transport listens on (loopback only). */
    public int libp2pPort() {
        return libp2pPort;
    }

    /** The port of the node's SSH console (loopback only), where bin/client connects. */
    public int sshPort() {
        return sshPort;
    }

    public Path home() {
        return home;
    }

    /** The JVM's maximum heap from the next start on, e.g. {@code 256m} when several nodes share the machine. */
    public void maxHeap(String heap) {
        maxHeap = heap;
    }

    public void start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server")
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("process.log").toFile()));
        builder.environment().put("JAVA_MAX_MEM", maxHeap);
        builder.environment().put("JAVA_MIN_MEM", "128m");
        process = builder.start();
    }

    /**
     * Runs a shell command in the node through {@code bin/client}'s console and returns what it printed (after the
     * console's banner). The command goes in on stdin, so that this also works while the node's commands are still
     * being registered ({@link #shellUntil}); {@link ConsoleScriptingIT} runs commands given as arguments.
     */
    public String shell(String command) throws IOException, InterruptedException {
        String marker = "aegis-itest-done-" + UUID.randomUUID();
        Process client = new ProcessBuilder(home.resolve("bin/client").toString(), "-a", String.valueOf(sshPort),
                "-u", "itest", "-p", "itest", "-r", "10", "-d", "2")
                .directory(home.toFile()).redirectErrorStream(true).start();
        CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(client::destroyForcibly);
        StringBuilder out = new StringBuilder();
        boolean finished = false;
        // stdin stays open until the marker's echo is back (at the end of its input the session can close before
        // the shell has read the command); then logout ends the session, and the rest of the output is drained
        try (var stdin = client.outputWriter(StandardCharsets.UTF_8);
                var reader = client.inputReader(StandardCharsets.UTF_8)) {
            stdin.write(command + "\necho " + marker + "\n");
            stdin.flush();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (finished) {
                    continue;
                }
                finished = line.contains(marker) && !line.contains("echo");
                if (finished) {
                    stdin.write("logout\n");
                    stdin.flush();
                } else {
                    out.append(line).append('\n');
                }
            }
        }
        if (!client.waitFor(60, TimeUnit.SECONDS) || !finished) {
            client.destroyForcibly();
            throw new IOException("bin/client did not run '" + command + "': " + out);
        }
        return out.toString();
    }

    /** What a command given to {@code bin/client} as arguments printed, and its exit status. */
    public record ClientRun(int exit, String output) {
    }

    /**
     * Runs {@code command} as a script does: given to {@code bin/client} as arguments, with stdin at its end; the
     * exit status is the command's.
     */
    public ClientRun client(String command, Duration timeout) throws IOException, InterruptedException {
        Process client = new ProcessBuilder(home.resolve("bin/client").toString(), "-a", String.valueOf(sshPort),
                "-u", "itest", "-p", "itest", "-r", "10", "-d", "2", command)
                .directory(home.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        AtomicBoolean timedOut = new AtomicBoolean();
        CompletableFuture.delayedExecutor(timeout.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (client.isAlive()) {
                timedOut.set(true);
                client.destroyForcibly();
            }
        });
        String output = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = client.waitFor();
        if (timedOut.get()) {
            throw new IOException("bin/client \"" + command + "\" did not finish within " + timeout + ": " + output);
        }
        return new ClientRun(exit, output);
    }

    /**
     * Runs {@code command} until its output contains {@code expected}: right after a start, and after configuration
     * changes, Karaf may not have (re-)registered the node's commands yet.
     */
    public String shellUntil(String command, String expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String shown = "";
        while (System.nanoTime() < deadline) {
            try {
                shown = shell(command);
            } catch (IOException sessionClosed) {
                shown = sessionClosed.getMessage();
            }
            if (shown.contains(expected)) {
                return shown;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("'" + command + "' never showed '" + expected + "'; last: " + shown);
    }

    /**
     * Every decision the node committed, from {@code GET /api/v1/decisions}, as "sequence proposal-id kind payload"
     * lines; a gap in the sequence fails the test.
     */
    public List<String> decisions() throws IOException, InterruptedException {
        List<String> all = new ArrayList<>();
        while (true) {
            Http.Reply reply = http().get("/api/v1/decisions?from=" + (all.size() + 1) + "&limit=1000", null);
            if (reply.status() != 200) {
                throw new AssertionError("GET /api/v1/decisions: " + reply);
            }
            JsonNode page = JSON.readTree(reply.body());
            for (JsonNode d : page) {
                if (d.path("sequence").asLong() != all.size() + 1) {
                    throw new AssertionError("a gap before " + d);
                }
                all.add(d.path("sequence").asLong() + " " + d.path("proposal_id").asText() + " "
                        + d.path("kind").asText() + " " + d.path("payload"));
            }
            if (page.size() < 1000) {
                return all;
            }
        }
    }

    /** The admin token the node issued at its first start, as {@code aegis:token --initial} shows it. */
    public String adminToken() throws IOException, InterruptedException {
        return token("--initial");
    }

    /** The token {@code aegis:token} shows with {@code options}. */
    public String token(String options) throws IOException, InterruptedException {
        // Karaf re-registers the node's commands after each configuration change, and while its SSH server is
        // still settling a session can close before the command ran: ask again for a while.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            String shown;
            try {
                shown = shell("aegis:token " + options);
            } catch (IOException sessionClosed) {
                shown = sessionClosed.getMessage();
            }
            Optional<String> token = shown.lines().filter(l -> l.startsWith("Token"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
            if (token.isPresent()) {
                return token.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no token in: " + shown + "\n" + log());
            }
            Thread.sleep(500);
        }
    }

    /** Stops the node gracefully (SIGTERM to the JVM, whose shutdown hook stops Karaf) and waits for its ports. */
    public void stop(Duration timeout) throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = tree();
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : all) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        process = null;
        while (Ports.listening(httpPort) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        if (Ports.listening(httpPort)) {
            throw new AssertionError("port " + httpPort + " still open after the node stopped");
        }
    }

    /** {@code kill -9}: the node gets no chance to stop cleanly, as in a crash. */
    public void crash() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = tree();
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("process " + handle.pid() + " survived kill -9", e);
            }
        }
        process = null;
    }

    public boolean running() {
        return process != null && process.isAlive();
    }

    private List<ProcessHandle> tree() {
        List<ProcessHandle> all = new ArrayList<>();
        process.toHandle().descendants().forEach(all::add);
        all.add(process.toHandle());
        return all;
    }

    private void kill() {
        if (process != null) {
            tree().forEach(ProcessHandle::destroyForcibly);
        }
    }

    public String log() {
        try {
            Path log = home.resolve("data/log/karaf.log");
            return Files.exists(log) ? Files.readString(log) : "(no karaf.log)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stop(Duration.ofSeconds(30));
        } finally {
            kill();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    /** Sets {@code key} in the node's {@code file} (created when missing); see {@link #configure(String, Map)}. */
    public void configure(String file, String key, String value) throws IOException {
        configure(file, Map.of(key, value));
    }

    /**
     * Sets {@code values} in the node's {@code file} (created when missing), in one write. The file is replaced by a
     * rename: Karaf's file install polls etc/ while nodes run, and reading a file halfway through a rewrite gave a
     * node an empty configuration, which Karaf then saved back over the complete file.
     */
    public void configure(String file, Map<String, String> values) throws IOException {
        Path path = home.resolve(file);
        Map<String, String> left = new LinkedHashMap<>(values);
        List<String> lines = new ArrayList<>();
        List<String> existing = Files.exists(path) ? Files.readAllLines(path, StandardCharsets.ISO_8859_1) : List.of();
        for (String line : existing) {
            String key = left.keySet().stream()
                    .filter(k -> line.matches("\\s*" + Pattern.quote(k) + "\\s*[=:].*")).findFirst().orElse(null);
            lines.add(key == null ? line : key + " = " + left.remove(key));
        }
        left.forEach((key, value) -> lines.add(key + " = " + value));
        // outside etc/: file install would read a temporary file there too
        Path staged = Files.createTempFile(home, path.getFileName().toString(), ".staged");
        Files.write(staged, lines, StandardCharsets.ISO_8859_1);
        Files.move(staged, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException("failed: " + command);
        }
    }

    /** Loads a properties file of the node, for assertions on its configuration. */
    public Properties properties(String file) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(home.resolve(file))) {
            properties.load(in);
        }
        return properties;
    }
}
