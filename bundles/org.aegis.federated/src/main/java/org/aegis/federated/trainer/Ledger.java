package org.aegis.federated.trainer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.aegis.api.learning.ModelVersion;
import org.aegis.api.store.Store;
import org.aegis.api.store.StoreEntry;
import org.aegis.api.store.StoreMap;
import org.aegis.api.store.WriteBatch;

/**
 * Where the trainer keeps everything it applied, in the store map {@value #MAP}, so that a restart keeps every
 * run, round and version: {@code applied} (last applied sequence), {@code run/<id>}, {@code runs/<task>/<seq>}
 * (a task's runs in order), {@code version/<task>/<number>}, {@code served/<task>}, {@code body/<digest>} (a
 * version's parameters) and {@code update/<digest>} (update bytes, served to peers).
 */
final class Ledger {
    static final String MAP = "federated";
    private static final int PAGE = 10_000;

    private final Store store;
    private final ObjectMapper json = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    Ledger(Store store) {
        this.store = store;
    }

    private StoreMap map() {
        return store.map(MAP);
    }

    long applied() {
        return map().get("applied").map(b -> Long.parseLong(new String(b, StandardCharsets.US_ASCII))).orElse(0L);
    }

    void applied(WriteBatch batch, long sequence) {
        batch.put(MAP, "applied", Long.toString(sequence).getBytes(StandardCharsets.US_ASCII));
    }

    Optional<FederatedRun> run(String runId) {
        return map().get("run/" + runId).map(b -> read(b, FederatedRun.class));
    }

    void put(WriteBatch batch, FederatedRun run) {
        batch.put(MAP, "run/" + run.spec().run(), write(run));
    }

    void indexRun(WriteBatch batch, FederatedRun run) {
        batch.put(MAP, "runs/" + run.spec().task() + "/" + String.format("%020d", run.sequence()),
                run.spec().run().getBytes(StandardCharsets.UTF_8));
    }

    List<FederatedRun> runs(String task) {
        List<FederatedRun> runs = new ArrayList<>();
        for (StoreEntry entry : map().range("runs/" + task + "/", "runs/" + task + "/~", PAGE)) {
            run(new String(entry.value(), StandardCharsets.UTF_8)).ifPresent(runs::add);
        }
        return runs;
    }

    List<ModelVersion> versions(String task) {
        return map().range("version/" + task + "/", "version/" + task + "/~", PAGE).stream()
                .map(e -> read(e.value(), ModelVersion.class)).toList();
    }

    Optional<ModelVersion> version(String task, long number) {
        return map().get(versionKey(task, number)).map(b -> read(b, ModelVersion.class));
    }

    void put(WriteBatch batch, ModelVersion version, VersionBody body) {
        batch.put(MAP, versionKey(version.task(), version.number()), write(version));
        batch.put(MAP, "body/" + version.digest(), write(body));
    }

    Optional<VersionBody> body(String digest) {
        return map().get("body/" + digest).map(b -> read(b, VersionBody.class));
    }

    long served(String task) {
        return map().get("served/" + task).map(b -> Long.parseLong(new String(b, StandardCharsets.US_ASCII)))
                .orElse(0L);
    }

    void serve(WriteBatch batch, String task, long version) {
        batch.put(MAP, "served/" + task, Long.toString(version).getBytes(StandardCharsets.US_ASCII));
    }

    Optional<byte[]> update(String digest) {
        return map().get("update/" + digest);
    }

    void putUpdate(String digest, byte[] bytes) {
        store.write(batch -> batch.put(MAP, "update/" + digest, bytes));
    }

    /** The tasks with a run or a version, sorted. */
    SortedSet<String> tasks() {
        SortedSet<String> tasks = new TreeSet<>();
        for (StoreEntry entry : map().range("runs/", "runs/~", PAGE)) {
            String rest = entry.key().substring("runs/".length());
            tasks.add(rest.substring(0, rest.indexOf('/')));
        }
        return tasks;
    }

    private static String versionKey(String task, long number) {
        return "version/" + task + "/" + String.format("%010d", number);
    }

    private byte[] write(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("a ledger record always serialises: " + e.getMessage(), e);
        }
    }

    private <T> T read(byte[] bytes, Class<T> type) {
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + type.getSimpleName() + " in the store map " + MAP + ": "
                    + e.getMessage(), e);
        }
    }
}
