package org.aegis.events.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} as a child process: loopback only, a free port, no persistence, its files in a
 * temporary directory. It can be stopped and started again on the same port; {@link #close} must run in a finally
 * (or {@code @AfterEach}) so that no process outlives the test.
 */
final class RedisServerProcess implements AutoCloseable {
    private static final long START_MILLIS = 10_000;

    private final Path directory;
    private final List<String> options;
    private final int port;
    private Process process;

    /** Starts a server with these extra options, e.g. {@code --requirepass secret}. */
    RedisServerProcess(Path directory, String... options) throws IOException, InterruptedException {
        this.directory = directory;
        this.options = List.of(options);
        this.port = freePort();
        start();
    }

    int port() {
        return port;
    }

    void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary().toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.toString()));
        command.addAll(options);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("redis.log").toFile())).start();
        long deadline = System.currentTimeMillis() + START_MILLIS;
        while (!answersPing()) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                String log = Files.readString(directory.resolve("redis.log"));
                stop();
                fail("redis-server did not start on port " + port + ":\n" + log);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** The redis-server on the PATH; the test fails, never skips, without one. */
    private static Path binary() {
        for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(folder, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail("redis-server is not installed (not on the PATH): apt-get install redis-server;"
                + " the Redis sink's tests run against a real server and are never skipped");
    }

    /** Whether the server answers an inline PING (PONG, or NOAUTH when it wants a password). */
    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            return first == '+' || first == '-';
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
