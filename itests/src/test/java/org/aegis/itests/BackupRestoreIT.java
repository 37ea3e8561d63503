package org.aegis.itests;

import static org.aegis.itests.OpenAiApi.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An operator's backup and restore: {@code aegis:backup} under a steady stream of proposals, the node's folder
 * deleted, a fresh distribution unpacked in its place, {@code bin/aegis-restore}, start. The node comes back as
 * itself (same peer id, tokens issued before still valid) with every decision committed before the backup, in the
 * same order, and decides again.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BackupRestoreIT {
    private static final Duration START = Duration.ofSeconds(150);


    private static String peerId(NodeProcess node) throws Exception {
        return JSON.readTree(node.http().get("/api/v1/node", null).body()).path("peer_id").asText();
    }

    private static Process restore(NodeProcess node, Path archive) throws Exception {
        return new ProcessBuilder(node.home().resolve("bin/aegis-restore").toString(), archive.toString())
                .redirectErrorStream(true).start();
    }

    private static String finish(Process process) throws Exception {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return output;
    }

    @Test
    void aNodeRestoredFromItsBackupIsItselfWithEveryDecision() throws Exception {
        Path distribution = Path.of(System.getProperty("aegis.distribution"));
        Path target = Path.of(System.getProperty("project.build.directory", "target"));
        Path folder = target.resolve("backup-node");
        Path archive = target.resolve("backup-node.zip");
        Files.deleteIfExists(archive);

        String peerId;
        String admin;
        List<String> beforeBackup;
        NodeProcess node = NodeProcess.unpack(distribution, folder);
        try {
            node.start();
            node.awaitReady(START);
            peerId = peerId(node);
            admin = node.adminToken();

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger proposals = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            Thread load = new Thread(() -> {
                while (running.get()) {
                    String id = "backup-" + proposals.incrementAndGet();
                    try {
                        Http.Reply reply = node.http().post("/api/v1/proposals?wait=5", admin, "{\"id\": \"" + id
                                + "\", \"kind\": \"itest-note\", \"payload\": {\"id\": \"" + id + "\"}}");
                        if (reply.status() != 201) {
                            failures.add(id + ": " + reply.status() + " " + reply.body());
                        }
                    } catch (Exception e) {
                        failures.add(id + ": " + e);
                    }
                }
            });
            load.start();
            try {
                while (proposals.get() < 10) {
                    Thread.sleep(100);
                }
                beforeBackup = node.decisions();
                NodeProcess.ClientRun backup = node.client("aegis:backup " + archive.toAbsolutePath(),
                        Duration.ofSeconds(60));
                assertEquals(0, backup.exit(), backup.output());
                assertTrue(backup.output().contains("written to " + archive.toAbsolutePath()), backup.output());
                int atBackup = proposals.get();
                while (proposals.get() < atBackup + 5) {
                    Thread.sleep(100); // decisions go on after the backup: the restored node lacks these
                }
            } finally {
                running.set(false);
                load.join(30_000);
            }
            assertEquals(List.of(), failures);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(archive)));

            Process refused = restore(node, archive);
            String refusal = finish(refused);
            assertEquals(1, refused.exitValue(), refusal);
            assertTrue(refusal.contains("is running: stop it first"), refusal);
        } finally {
            node.close();
        }

        // a new machine: the node's folder is gone, a fresh distribution takes its place
        NodeProcess fresh = NodeProcess.unpack(distribution, folder);
        try {
            Process staged = restore(fresh, archive);
            String output = finish(staged);
            assertEquals(0, staged.exitValue(), output);
            fresh.start();
            fresh.awaitReady(START);

            assertEquals(peerId, peerId(fresh), "the node's identity came back");
            assertEquals(200, fresh.http().get("/api/v1/audit?limit=1", admin).status(), "so did its tokens");
            List<String> restored = fresh.decisions();
            assertTrue(restored.size() >= beforeBackup.size(), restored.size() + " decisions restored, "
                    + beforeBackup.size() + " committed before the backup");
            assertEquals(beforeBackup, restored.subList(0, beforeBackup.size()));
            assertTrue(Files.notExists(fresh.home().resolve("data/aegis/aegis-restore.zip")), "installed once");

            Http.Reply next = fresh.http().post("/api/v1/proposals?wait=10", admin,
                    "{\"id\": \"after-restore\", \"kind\": \"itest-note\", \"payload\": {\"id\": \"after\"}}");
            assertEquals(201, next.status(), next.body());
            List<String> after = fresh.decisions();
            assertNotEquals(restored.size(), after.size());
            assertEquals(restored, after.subList(0, restored.size()), "it decides on from where the backup was");
        } finally {
            fresh.close();
        }
    }
}
