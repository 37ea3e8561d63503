package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three distributions fine-tune the embedded character model {@code aegis-local-char} together, each on its own
 * text: a different category of Debian's fortune cookies per node (computers, science, literature), which is as
 * non-IID as text gets. A run of low-rank adapters lowers every node's held-out bits per character; a run of the
 * whole model sends far more bytes per update. Every node commits the same versions.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CharFineTuningIT {
    static final Path FORTUNES = Path.of("/usr/share/games/fortunes");
    private static final List<String> CATEGORIES = List.of("computers", "science", "literature");
    private static final String TASK = "chars";
    private static final int TRAIN_CHARACTERS = 30_000;
    private static final int HELD_OUT_CHARACTERS = 6_000;
    private static final int LORA_ROUNDS = 3;

    private Cluster cluster;

    @AfterEach
    void killAll() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void loraFineTuningLowersEveryNodesHeldOutBitsPerCharacterAndSendsFewBytes() throws Exception {
        Path data = Path.of(System.getProperty("project.build.directory", "target"), "char-fine-tuning-data");
        cluster = Cluster.start("char-cluster", CATEGORIES.size(), Map.of(), (index, node) -> {
            Path own = data.resolve("node" + index);
            Path eval = writeSplit(CATEGORIES.get(index), own);
            // -Dfine-tuning.trainingSteps=20000 starts from the model users get (docs/BENCHMARKS.md)
            node.configure("etc/org.aegis.model.local.cfg", "trainingSteps",
                    System.getProperty("fine-tuning.trainingSteps", NodeProcess.TEST_TRAINING_STEPS));
            node.configure("etc/org.aegis.federated.task-" + TASK + ".cfg", Map.of("task", TASK,
                    "data", own.resolve("train").toAbsolutePath().toString(),
                    "eval", eval.toAbsolutePath().toString(), "model", "aegis-local-char"));
        });
        for (int i = 0; i < CATEGORIES.size(); i++) {
            OpenAiApi.awaitModelReady(cluster.node(i), Duration.ofMinutes(6));
        }

        train("{\"task\":\"" + TASK + "\",\"rounds\":" + LORA_ROUNDS + ",\"hyperparameters\":{\"lora_rank\":8,"
                + "\"learning_rate\":0.5}}", 1);
        List<String> versions = FederatedTasks.versions(cluster.node(0), TASK);
        assertEquals(LORA_ROUNDS, versions.size(), versions.toString());
        for (int i = 0; i < CATEGORIES.size(); i++) {
            assertEquals(versions, FederatedTasks.versions(cluster.node(i), TASK), "node " + i + "'s versions");
            JsonNode run = FederatedTasks.status(cluster.node(i), TASK).path("runs").get(0);
            double before = bits(run.path("baseline").path("loss"));
            JsonNode history = run.path("history");
            double after = bits(history.get(history.size() - 1).path("loss"));
            System.out.printf("node %d (%s): held-out %.3f bits/char before, %.3f after %d rounds of adapters%n", i,
                    CATEGORIES.get(i), before, after, LORA_ROUNDS);
            assertTrue(after < before - 0.05, "node " + i + " (" + CATEGORIES.get(i) + "): " + before + " then "
                    + after + " bits per character: " + run);
        }

        train("{\"task\":\"" + TASK + "\",\"rounds\":1,\"hyperparameters\":{\"learning_rate\":0.3}}", 2);
        long adapters = updateBytes(1);
        long full = updateBytes(2);
        System.out.printf("bytes per update: %d with rank-8 adapters, %d for the whole model%n", adapters, full);
        assertTrue(adapters * 5 < full, adapters + " bytes of adapters against " + full + " of the whole model");
        assertEquals(FederatedTasks.versions(cluster.node(0), TASK), FederatedTasks.versions(cluster.node(2), TASK));
    }

    private static double bits(JsonNode nats) {
        assertTrue(nats.isNumber(), "a measured loss, not " + nats);
        return nats.asDouble() / Math.log(2);
    }

    /**
     * The first {@value #TRAIN_CHARACTERS} characters of a fortune category as a folder of text files (a few dozen
     * quotes each), the next {@value #HELD_OUT_CHARACTERS} as the held-out file.
     */
    static Path writeSplit(String category, Path folder) throws IOException {
        Path source = FORTUNES.resolve(category);
        assertTrue(Files.isRegularFile(source), source + " is missing: install Debian's fortunes package (.ci/run"
                + " does)");
        List<String> quotes = Arrays.stream(Files.readString(source, StandardCharsets.ISO_8859_1).split("\n%\n"))
                .map(String::strip).filter(q -> !q.isEmpty()).toList();
        Path train = Files.createDirectories(folder.resolve("train"));
        List<String> part = new ArrayList<>();
        int characters = 0;
        int files = 0;
        int next = 0;
        while (characters < TRAIN_CHARACTERS && next < quotes.size()) {
            part.add(quotes.get(next));
            characters += quotes.get(next++).length();
            if (part.size() == 40) {
                Files.writeString(train.resolve(String.format("part-%03d.txt", files++)), String.join("\n\n", part));
                part.clear();
            }
        }
        if (!part.isEmpty()) {
            Files.writeString(train.resolve(String.format("part-%03d.txt", files)), String.join("\n\n", part));
        }
        StringBuilder held = new StringBuilder();
        while (held.length() < HELD_OUT_CHARACTERS && next < quotes.size()) {
            held.append(quotes.get(next++)).append("\n\n");
        }
        Path eval = folder.resolve("held-out.txt");
        Files.writeString(eval, held);
        return eval;
    }

    /** Starts a run at node 0 and waits until every node completed it (the {@code run}-th run of the task). */
    private void train(String request, int run) throws Exception {
        Http.Reply started = cluster.node(0).http().post("/api/v1/federated/rounds?wait=15", cluster.token(0), request);
        assertTrue(started.status() == 201 || started.status() == 202, started.toString());
        for (int i = 0; i < CATEGORIES.size(); i++) {
            FederatedTasks.awaitCompleted(cluster.node(i), TASK, run);
        }
    }

    /** The size of each update announced in the task's {@code run}-th run, which is the same for every sender. */
    private long updateBytes(int run) throws Exception {
        String runId = FederatedTasks.status(cluster.node(0), TASK).path("runs").get(run - 1).path("run_id").asText();
        JsonNode decisions = Cluster.JSON.readTree(cluster.node(0).http().get("/api/v1/decisions?from=1&limit=1000",
                null).body());
        long bytes = 0;
        for (JsonNode decision : decisions.isArray() ? decisions : decisions.path("decisions")) {
            JsonNode payload = decision.path("payload");
            if (decision.path("kind").asText().equals("federated-update") && payload.path("run").asText().equals(runId)) {
                bytes = Math.max(bytes, payload.path("bytes").asLong());
            }
        }
        assertTrue(bytes > 0, "no update of run " + runId + " among the decisions");
        return bytes;
    }
}
