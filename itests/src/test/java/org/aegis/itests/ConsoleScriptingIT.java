package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code bin/client "<command>"} as a script runs it: standard input at end of file (as under cron or CI), the
 * command's output on standard output, exit status 0 when it succeeds and non-zero when it fails. The login is the
 * documented one-time step (a user in {@code etc/users.properties}, which {@link NodeProcess} writes).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ConsoleScriptingIT {
    private record Run(int exit, String output) {
    }

    private static Run client(NodeProcess node, String command) throws Exception {
        Process client = new ProcessBuilder(node.home().resolve("bin/client").toString(), "-a",
                String.valueOf(node.sshPort()), "-u", "itest", "-p", "itest", "-r", "10", "-d", "2", command)
                .directory(node.home().toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("bin/client \"" + command + "\" did not finish within 60 s");
        }
        return new Run(client.exitValue(), new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aCommandGivenAsArgumentsRunsWithoutAConsoleAndReportsFailureInItsExitStatus() throws Exception {
        Path target = Path.of(System.getProperty("project.build.directory", "target"));
        try (NodeProcess node = NodeProcess.unpack(Path.of(System.getProperty("aegis.distribution")),
                target.resolve("console-scripting"))) {
            node.start();
            node.awaitReady(Cluster.START);
            node.shellUntil("aegis:status", "Peer id", Cluster.START); // the node's commands are registered

            Run status = client(node, "aegis:status");
            assertEquals(0, status.exit(), status.output());
            assertTrue(status.output().contains("Peer id"), status.output());
            assertTrue(!status.output().contains("Closed"), status.output());

            Run bad = client(node, "aegis:propose nonsense");
            assertNotEquals(0, bad.exit(), bad.output());
            assertTrue(bad.output().contains("payload"), bad.output());

            // a command that refuses its input throws, so scripts see it in the exit status too
            Run notJson = client(node, "aegis:propose config '{not json'");
            assertNotEquals(0, notJson.exit(), notJson.output());
            assertTrue(notJson.output().contains("The payload is not JSON"), notJson.output());
            Run badOption = client(node, "aegis:decisions --limit 0");
            assertNotEquals(0, badOption.exit(), badOption.output());
            assertTrue(badOption.output().contains("--limit must be at least 1"), badOption.output());
        }
    }
}
