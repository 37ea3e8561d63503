package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Federated learning across four distributions on loopback, each holding a different non-IID part of the data
 * (two of the four classes each): a run started from one node's shell trains on all four; every node commits the
 * same versions, digest for digest; the model they agree on classifies a balanced held-out set within 2 points of
 * the same model trained centrally on all the rows, and far better than the most skewed node alone (both baselines
 * trained by a fifth distribution, a network of one, from the same files). A rollback decision makes all four
 * serve the earlier version; a node killed mid-round does not stall the run and, restarted, serves the same version
 * as the others.
 */
@Timeout(value = 14, unit = TimeUnit.MINUTES)
class FederatedDistributionIT {
    private static final int NODES = 4;
    private static final int ROUNDS = 30;
    private static final String TASK = "blobs";
    private static final List<Set<String>> PARTITIONS = List.of(Set.of("a", "b"), Set.of("b", "c"), Set.of("c", "d"),
            Set.of("d", "a"));
    private static final int ROWS_PER_NODE = 400;

    private Cluster cluster;
    private NodeProcess alone;

    @AfterEach
    void killAll() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
        if (alone != null) {
            alone.crash();
        }
    }

    @Test
    void fourNodesLearnFromNonIidDataAgreeOnEveryVersionRollBackAndCatchUp() throws Exception {
        Path target = Path.of(System.getProperty("project.build.directory", "target"));
        Path data = target.resolve("federated-data");
        List<List<BlobData.Row>> parts = new ArrayList<>();
        List<BlobData.Row> all = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            parts.add(BlobData.rows(i, ROWS_PER_NODE, PARTITIONS.get(i)));
            BlobData.write(data.resolve("node" + i + ".csv"), parts.get(i));
            all.addAll(parts.get(i));
        }
        List<BlobData.Row> heldOut = BlobData.rows(99, 800, Set.copyOf(BlobData.LABELS));
        Path eval = BlobData.write(data.resolve("eval.csv"), heldOut);
        BlobData.write(data.resolve("all.csv"), all);

        // The baselines: the same model on one node holding every row, and on the most skewed part alone.
        alone = NodeProcess.unpack(Path.of(System.getProperty("aegis.distribution")), target.resolve("federated-alone"));
        alone.maxHeap("256m");
        FederatedTasks.declare(alone, "central", data.resolve("all.csv"), eval);
        FederatedTasks.declare(alone, "skewed", data.resolve("node0.csv"), eval);
        alone.start();

        cluster = Cluster.start("federated-cluster", NODES, Map.of(),
                (index, node) -> FederatedTasks.declare(node, TASK, data.resolve("node" + index + ".csv"), eval));
        alone.awaitReady(Cluster.START);

        String started = cluster.shell(0, "aegis:train --rounds " + ROUNDS + " --strategy fedavg " + TASK);
        assertTrue(started.toLowerCase().contains("decided"), started);
        for (int i = 0; i < NODES; i++) {
            FederatedTasks.awaitCompleted(cluster.node(i), TASK, 1);
        }
        List<String> versions = FederatedTasks.versions(cluster.node(0), TASK);
        assertTrue(versions.size() >= ROUNDS, "a version per round: " + versions);
        for (int i = 1; i < NODES; i++) {
            assertEquals(versions, FederatedTasks.versions(cluster.node(i), TASK), "node " + i + "'s versions, digest for digest");
        }

        double federated = FederatedTasks.accuracy(cluster.node(2), TASK, heldOut);
        alone.shell("aegis:train --rounds " + ROUNDS + " --strategy fedavg central");
        alone.shell("aegis:train --rounds " + ROUNDS + " --strategy fedavg skewed");
        FederatedTasks.awaitCompleted(alone, "central", 1);
        FederatedTasks.awaitCompleted(alone, "skewed", 1);
        double central = FederatedTasks.accuracy(alone, "central", heldOut);
        double skewed = FederatedTasks.accuracy(alone, "skewed", heldOut);
        assertTrue(federated >= central - 0.02, "federated " + federated + " within 2 points of central " + central);
        assertTrue(federated >= skewed + 0.25, "federated " + federated + " far above the skewed node alone " + skewed);

        // A rollback decision: all four serve version 3 again.
        cluster.shell(1, "aegis:rollback " + TASK + " 3");
        for (int i = 0; i < NODES; i++) {
            NodeProcess node = cluster.node(i);
            Cluster.awaitTrue(() -> FederatedTasks.status(node, TASK).get("served_version").asLong() == 3, Cluster.DECIDE,
                    "node " + i + " serves version 3");
        }

        // A second run; one node is killed mid-round: the round deadline closes rounds without it.
        Http.Reply run = cluster.node(0).http().post("/api/v1/federated/rounds?wait=15", cluster.token(0),
                "{\"task\":\"" + TASK + "\",\"rounds\":6,\"hyperparameters\":{\"round_timeout_ms\":5000}}");
        assertTrue(run.status() == 201 || run.status() == 202, run.toString());
        Cluster.awaitTrue(() -> FederatedTasks.roundsDone(cluster.node(0), TASK, 2) >= 1, FederatedTasks.TRAIN,
                "the second run closed a round");
        int victim = NODES - 1;
        cluster.node(victim).crash();
        for (int i = 0; i < NODES - 1; i++) {
            FederatedTasks.awaitCompleted(cluster.node(i), TASK, 2);
        }
        cluster.restart(victim);
        List<String> after = FederatedTasks.versions(cluster.node(0), TASK);
        Cluster.awaitTrue(() -> FederatedTasks.versions(cluster.node(victim), TASK).equals(after), FederatedTasks.TRAIN,
                "the restarted node caught up with the versions");
        long served = FederatedTasks.status(cluster.node(0), TASK).get("served_version").asLong();
        Cluster.awaitTrue(() -> FederatedTasks.status(cluster.node(victim), TASK).get("served_version").asLong() == served,
                Cluster.DECIDE, "the restarted node serves version " + served);
    }
}
