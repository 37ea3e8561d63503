package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A federated task on a node as the tests drive it: declared in etc/, watched and asked through the REST API. */
final class FederatedTasks {
    static final Duration TRAIN = Duration.ofSeconds(240);

    private FederatedTasks() {
    }

    /** Declares a task on a node, as an operator does: a factory configuration in etc/. */
    static void declare(NodeProcess node, String task, Path data, Path eval) throws IOException {
        node.configure("etc/org.aegis.federated.task-" + task + ".cfg", Map.of("task", task,
                "data", data.toAbsolutePath().toString(), "eval", eval.toAbsolutePath().toString(), "label", "label",
                "model", "logistic", "labels", String.join(",", BlobData.LABELS)));
    }

    static JsonNode status(NodeProcess node, String task) {
        return Cluster.unchecked(() -> Cluster.JSON.readTree(node.http().get("/api/v1/federated/tasks/" + task, null)
                .body()));
    }

    /** Rounds closed by the task's {@code run}-th run (from 1) on that node; 0 before it exists. */
    static int roundsDone(NodeProcess node, String task, int run) {
        JsonNode runs = status(node, task).path("runs");
        return runs.size() < run ? 0 : runs.get(run - 1).path("rounds_done").asInt();
    }

    static void awaitCompleted(NodeProcess node, String task, int runs) throws InterruptedException {
        Cluster.awaitTrue(() -> {
            JsonNode status = status(node, task);
            return status.path("runs").size() >= runs && "completed".equalsIgnoreCase(status.path("state").asText());
        }, TRAIN, task + " run " + runs + " completed at " + node.home());
    }

    /** The committed versions on that node, as "number digest". */
    static List<String> versions(NodeProcess node, String task) {
        JsonNode versions = Cluster.unchecked(() -> Cluster.JSON.readTree(node.http()
                .get("/api/v1/models/versions?task=" + task, null).body()));
        List<String> list = new ArrayList<>();
        for (JsonNode version : versions.isArray() ? versions : versions.path("versions")) {
            list.add(version.get("number").asLong() + " " + version.get("digest").asText());
        }
        return list;
    }

    /** The share of rows the node's served version classifies right. */
    static double accuracy(NodeProcess node, String task, List<BlobData.Row> rows) throws Exception {
        Http.Reply reply = node.http().post("/api/v1/federated/tasks/" + task + "/predict", null,
                BlobData.predictionRequest(rows));
        assertEquals(200, reply.status(), reply.body());
        JsonNode predicted = Cluster.JSON.readTree(reply.body()).get("rows");
        int right = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (predicted.get(i).get("label").asText().equals(rows.get(i).label())) {
                right++;
            }
        }
        return right / (double) rows.size();
    }
}
