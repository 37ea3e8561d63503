package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
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
    @Test
    void aCommandGivenAsArgumentsRunsWithoutAConsoleAndReportsFailureInItsExitStatus() throws Exception {
        Path target = Path.of(System.getProperty("project.build.directory", "target"));
        try (NodeProcess node = NodeProcess.unpack(Path.of(System.getProperty("aegis.distribution")),
                target.resolve("console-scripting"))) {
            node.start();
            node.awaitReady(Cluster.START);
            node.shellUntil("aegis:status", "Peer id", Cluster.START); // the node's commands are registered

            NodeProcess.ClientRun status = node.client("aegis:status", Duration.ofSeconds(60));
            assertEquals(0, status.exit(), status.output());
            assertTrue(status.output().contains("Peer id"), status.output());
            assertTrue(!status.output().contains("Closed"), status.output());

            NodeProcess.ClientRun bad = node.client("aegis:propose nonsense", Duration.ofSeconds(60));
            assertNotEquals(0, bad.exit(), bad.output());
            assertTrue(bad.output().contains("payload"), bad.output());

            // a command that refuses its input throws, so scripts see it in the exit status too
            NodeProcess.ClientRun notJson = node.client("aegis:propose config '{not json'", Duration.ofSeconds(60));
            assertNotEquals(0, notJson.exit(), notJson.output());
            assertTrue(notJson.output().contains("The payload is not JSON"), notJson.output());
            NodeProcess.ClientRun badOption = node.client("aegis:decisions --limit 0", Duration.ofSeconds(60));
            assertNotEquals(0, badOption.exit(), badOption.output());
            assertTrue(badOption.output().contains("--limit must be at least 1"), badOption.output());
        }
    }
}
