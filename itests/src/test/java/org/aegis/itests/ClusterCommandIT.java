package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code bin/aegis-cluster}, as a newcomer uses it on a fresh distribution: {@code start 4} makes and joins four
 * nodes and prints their URLs and operator tokens, a proposal is decided on all of them, {@code kill 2} crashes a
 * node, the other three decide without it, {@code restart 2} brings it back and it catches up; {@code stop} leaves
 * no process behind. Bad input on the way is refused with a message that says what is allowed.
 */
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class ClusterCommandIT {
    private static final int NODES = 4;
    private static final Pattern NODE_LINE = Pattern.compile("node (\\d+)\\s+(http://127\\.0\\.0\\.1:\\d+)/\\s+peer (\\S+)");
    private static final Pattern TOKEN_LINE = Pattern.compile("operator token: (\\S+)");

    private Path distribution;
    private int portBase;

    @Test
    void fourNodesDecideTogetherAndAKilledNodeCatchesUpAfterItsRestart() throws Exception {
        Path target = Path.of(System.getProperty("project.build.directory", "target"));
        // Unpacked and never started itself; like an operator, the test keeps the embedded model's training short
        // before making the network (each node copies etc/).
        try (NodeProcess unpacked = NodeProcess.unpack(Path.of(System.getProperty("aegis.distribution")),
                target.resolve("cluster-command"))) {
            distribution = unpacked.home();
            portBase = freePortBase();
            try {
                refused("the number of nodes is 1 to 99, not '0'", "start", "0");
                refused("--port-base is 1024 to 64936, not '80'", "--port-base", "80", "start", "4");
                refused("no network in", "status");
                String started = cluster(Duration.ofMinutes(8), "start", String.valueOf(NODES));
                List<String> urls = new ArrayList<>();
                Matcher node = NODE_LINE.matcher(started);
                while (node.find()) {
                    urls.add(node.group(2));
                }
                List<String> tokens = new ArrayList<>();
                Matcher token = TOKEN_LINE.matcher(started);
                while (token.find()) {
                    tokens.add(token.group(1));
                }
                assertEquals(NODES, urls.size(), started);
                assertEquals(NODES, tokens.size(), started);

                Http node1 = http(urls.get(0));
                propose(node1, tokens.get(0), "cluster-first");
                for (String url : urls) {
                    awaitDecided(url, "cluster-first");
                }

                refused("no node '9': nodes are 1 to 4", "kill", "9");
                refused("holds a network of 4 nodes: 'destroy' it first to make one of 5", "start", "5");
                assertTrue(cluster(Duration.ofMinutes(1), "kill", "2").contains("killed node 2"));
                assertTrue(cluster(Duration.ofMinutes(1), "status").matches("(?s).*\\n2\\s+stopped.*"),
                        "status shows node 2 stopped");
                propose(node1, tokens.get(0), "cluster-without-2");
                for (int i : new int[] {0, 2, 3}) {
                    awaitDecided(urls.get(i), "cluster-without-2");
                }

                cluster(Duration.ofMinutes(5), "restart", "2");
                awaitDecided(urls.get(1), "cluster-first");
                awaitDecided(urls.get(1), "cluster-without-2");
                String status = cluster(Duration.ofMinutes(1), "status");
                assertTrue(status.matches("(?s).*\\n2\\s+\\d+\\s+healthy.*"), status);

                cluster(Duration.ofMinutes(3), "stop");
                assertTrue(karafProcesses().isEmpty(), "left running: " + karafProcesses());
            } finally {
                run(Duration.ofMinutes(3), "destroy");
                karafProcesses().forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Runs the command, fails the test on a non-zero exit; returns what it printed. */
    private String cluster(Duration timeout, String... arguments) throws IOException, InterruptedException {
        Run run = run(timeout, arguments);
        assertEquals(0, run.exit(), "aegis-cluster " + String.join(" ", arguments) + ": " + run.output());
        return run.output();
    }

    /** Runs the command and checks that it refused with exit code 1 and {@code message}. */
    private void refused(String message, String... arguments) throws IOException, InterruptedException {
        Run run = run(Duration.ofMinutes(1), arguments);
        assertEquals(1, run.exit(), "aegis-cluster " + String.join(" ", arguments) + ": " + run.output());
        assertTrue(run.output().contains(message), "aegis-cluster " + String.join(" ", arguments) + ": " + run.output());
    }

    private record Run(int exit, String output) {
    }

    /**
     * Runs the command. Its output goes to a file, not a pipe: a pipe's reader would wait for the nodes the command
     * starts in the background if they held on to it, past the timeout.
     */
    private Run run(Duration timeout, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(distribution.resolve("bin/aegis-cluster").toString(),
                "--port-base", String.valueOf(portBase)));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(distribution, "aegis-cluster", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(distribution.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(output.toFile());
        builder.environment().put("JAVA_MAX_MEM", "256m");
        Process process = builder.start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String printed = Files.readString(output);
        Files.delete(output);
        if (!finished) {
            fail("aegis-cluster " + String.join(" ", arguments) + " did not finish within " + timeout + ": " + printed);
        }
        return new Run(process.exitValue(), printed);
    }

    private List<ProcessHandle> karafProcesses() {
        String nodes = distribution.resolve("cluster").toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(line -> line.contains("karaf.base=" + nodes)).orElse(false))
                .toList();
    }

    private static Http http(String url) {
        return new Http(Integer.parseInt(url.substring(url.lastIndexOf(':') + 1)));
    }

    private static void propose(Http node, String token, String id) throws Exception {
        Http.Reply reply = node.post("/api/v1/proposals?wait=15", token,
                "{\"id\":\"" + id + "\",\"kind\":\"note\",\"payload\":{\"text\":\"" + id + "\"}}");
        assertTrue(reply.status() == 201 || reply.status() == 202, id + ": " + reply);
    }

    private static void awaitDecided(String url, String proposalId) throws Exception {
        Http node = http(url);
        long deadline = System.nanoTime() + Cluster.DECIDE.toNanos();
        while (System.nanoTime() < deadline) {
            Http.Reply log = node.get("/api/v1/decisions?limit=1000", null);
            if (log.status() == 200 && log.body().contains("\"proposal_id\":\"" + proposalId + "\"")) {
                return;
            }
            Thread.sleep(250);
        }
        fail(proposalId + " not decided within " + Cluster.DECIDE + " at " + url);
    }

    /** A port base whose six ports of each of the four nodes (see the command's usage) are free now. */
    private static int freePortBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = 20_000 + 1_000 * ThreadLocalRandom.current().nextInt(20);
            if (allFree(base)) {
                return base;
            }
        }
        throw new IOException("no free block of ports for the cluster");
    }

    private static boolean allFree(int base) {
        for (int offset = 0; offset <= 500; offset += 100) {
            for (int node = 1; node <= NODES; node++) {
                try (ServerSocket probe = new ServerSocket(base + offset + node, 1, InetAddress.getLoopbackAddress())) {
                    probe.getLocalPort();
                } catch (IOException taken) {
                    return false;
                }
            }
        }
        return true;
    }
}
