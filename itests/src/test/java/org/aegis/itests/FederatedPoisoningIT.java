package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.aegis.itests.poison.PoisonPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One of five distributions runs a malicious training-task plugin (a test bundle dropped into its deploy/ folder,
 * {@link PoisonPlugin}) that sends the opposite of what it learnt, ten times over. With Multi-Krum (one assumed
 * Byzantine) every round outvotes its update and the model the network agrees on stays accurate; with FedAvg the
 * same node drags the model down.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FederatedPoisoningIT {
    private static final int NODES = 5;
    private static final int ATTACKER = NODES - 1;
    private static final int ROUNDS = 12;
    private static final String TASK = "blobs";

    private Cluster cluster;

    @AfterEach
    void killAll() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPoisoningNodeIsOutvotedByMultiKrumAndDamagesFedAvg() throws Exception {
        Path target = Path.of(System.getProperty("project.build.directory", "target"));
        Path data = target.resolve("poisoning-data");
        Set<String> classes = Set.copyOf(BlobData.LABELS);
        List<BlobData.Row> heldOut = BlobData.rows(99, 800, classes);
        Path eval = BlobData.write(data.resolve("eval.csv"), heldOut);
        Path plugin = TestBundles.write(data.resolve("aegis-poison.jar"), "org.aegis.itests.poison", PoisonPlugin.class,
                "org.aegis.api.federated;version=\"[2.0,3)\",org.osgi.framework;version=\"[1.8,2)\","
                        + "org.osgi.util.tracker;version=\"[1.5,2)\"",
                PoisonPlugin.class, Class.forName("org.aegis.itests.poison.PoisonedTrainingTask"),
                Class.forName("org.aegis.itests.poison.PoisonedModel"));

        cluster = Cluster.start("poisoning-cluster", NODES, Map.of(), (index, node) -> {
            FederatedTasks.declare(node, TASK, BlobData.write(data.resolve("node" + index + ".csv"),
                    BlobData.rows(index, 300, classes)), eval);
            if (index == ATTACKER) {
                // a third-party plugin, hot-deployed like any other
                Files.copy(plugin, node.home().resolve("deploy/aegis-poison.jar"));
            }
        });
        String attacker = cluster.peerId(ATTACKER);
        // active, not just installed: a plugin whose imports the node cannot satisfy stays Installed
        Cluster.awaitTrue(() -> cluster.shell(ATTACKER, "bundle:list -s").lines()
                .anyMatch(line -> line.contains("org.aegis.itests.poison") && line.contains("Active")),
                Cluster.START, "the poison plugin is active on the attacker's node");

        train("{\"task\":\"" + TASK + "\",\"rounds\":" + ROUNDS + ",\"strategy\":\"multi-krum\","
                + "\"hyperparameters\":{\"assumed_byzantine\":1}}", 1);
        double robust = FederatedTasks.accuracy(cluster.node(0), TASK, heldOut);
        JsonNode robustRun = FederatedTasks.status(cluster.node(0), TASK).path("runs").get(0);
        assertEquals(ROUNDS, robustRun.path("history").size(), robustRun.toString());
        for (JsonNode round : robustRun.path("history")) {
            assertEquals("OUTVOTED", outcome(round, attacker).path("status").asText(),
                    "round " + round.path("round") + ": " + round);
        }
        List<String> versions = FederatedTasks.versions(cluster.node(0), TASK);
        for (int i = 1; i < NODES; i++) {
            assertEquals(versions, FederatedTasks.versions(cluster.node(i), TASK), "node " + i + "'s versions");
        }

        train("{\"task\":\"" + TASK + "\",\"rounds\":" + ROUNDS + ",\"strategy\":\"fedavg\"}", 2);
        double averaged = FederatedTasks.accuracy(cluster.node(0), TASK, heldOut);
        JsonNode averagedRun = FederatedTasks.status(cluster.node(0), TASK).path("runs").get(1);
        for (JsonNode round : averagedRun.path("history")) {
            assertEquals("ACCEPTED", outcome(round, attacker).path("status").asText(), round.toString());
        }
        System.out.printf("held-out accuracy with the poisoning node: Multi-Krum %.3f, then FedAvg %.3f%n", robust,
                averaged);
        assertTrue(robust >= 0.8, "Multi-Krum keeps the model accurate: " + robust);
        assertTrue(averaged <= robust - 0.2, "FedAvg lets the attacker damage it: " + averaged + " after "
                + robust);
    }

    /** Starts a run at node 0 and waits until every node completed it (the {@code run}-th run of the task). */
    private void train(String request, int run) throws Exception {
        Http.Reply started = cluster.node(0).http().post("/api/v1/federated/rounds?wait=15", cluster.token(0), request);
        assertTrue(started.status() == 201 || started.status() == 202, started.toString());
        for (int i = 0; i < NODES; i++) {
            FederatedTasks.awaitCompleted(cluster.node(i), TASK, run);
        }
    }

    private static JsonNode outcome(JsonNode round, String sender) {
        for (JsonNode outcome : round.path("outcomes")) {
            if (outcome.path("sender").asText().equals(sender)) {
                return outcome;
            }
        }
        throw new AssertionError("no update of " + sender + " in round " + round);
    }
}
