package org.aegis.itests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's {@code redis-server} as a child process on a free loopback port, with an append-only file in its own
 * folder, so a stream outlives a stop and a start. {@link #close} ends it; the test fails, never skips, without
 * the binary ({@code .ci/run} installs it).
 */
final class RedisServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path folder;
    private final int port = Ports.free();
    private Process process;

    /** A server whose data lives in {@code folder}, emptied first: a stream left by an earlier run would be read back. */
    RedisServer(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        this.folder = Files.createDirectories(folder);
    }

    int port() {
        return port;
    }

    synchronized void start() throws IOException, InterruptedException {
        process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", folder.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("redis.log")
                        .toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!cli("PING").trim().equals("PONG")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("redis-server did not start: " + Files.readString(folder.resolve("redis.log")));
            }
            Thread.sleep(50);
        }
    }

    synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    /** The events of the stream, from the {@code data} field of each entry, in stream order. */
    List<JsonNode> events(String stream) throws IOException, InterruptedException {
        List<String> lines = cli("--raw", "XRANGE", stream, "-", "+").lines().toList();
        List<JsonNode> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals("data") && i + 1 < lines.size()) {
                events.add(JSON.readTree(lines.get(++i)));
            }
        }
        return events;
    }

    private String cli(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(port)));
        command.addAll(List.of(arguments));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        cli.waitFor();
        return output;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
