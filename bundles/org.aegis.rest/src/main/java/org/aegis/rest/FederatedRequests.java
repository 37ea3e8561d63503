package org.aegis.rest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.aegis.api.federated.Hyperparameters;
import org.aegis.api.learning.RunRequest;

/** The request bodies of the federated endpoints, read into the service's types; every refusal says what to fix. */
final class FederatedRequests {
    /** The most rows one prediction request may classify. */
    static final int MAX_ROWS = 10_000;
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    /**
     * {@code {"task": …, "rounds": 20, "strategy": "median", "hyperparameters": {…}}}; absent fields take the
     * defaults ({@value RunRequest#DEFAULT_ROUNDS} rounds, {@value RunRequest#DEFAULT_STRATEGY}).
     */
    public record RunBody(String task, Integer rounds, String strategy, HyperparametersBody hyperparameters) {
    }

    /** Each absent field takes {@link Hyperparameters#defaults()}'s value. */
    public record HyperparametersBody(Double learningRate, Integer localEpochs, Integer batchSize, Double proximalMu,
            Double trimFraction, Integer assumedByzantine, Double maxUpdateNorm, Long roundTimeoutMs, Double dpClipNorm,
            Double dpNoiseMultiplier, Double dpDelta, Integer loraRank) {
    }

    /** {@code {"rows": [[1.0, 2.5], …], "version": 3}}; without a version, the one the network serves. */
    public record PredictBody(List<List<Double>> rows, Long version) {
    }

    /** {@code {"version": 3}}. */
    public record RollbackBody(Long version) {
    }

    private FederatedRequests() {
    }

    static RunRequest run(RunBody body) {
        if (body == null || body.task() == null || body.task().isBlank()) {
            throw new IllegalArgumentException("request body required: {\"task\": \"…\", \"rounds\": "
                    + RunRequest.DEFAULT_ROUNDS + ", \"strategy\": \"" + RunRequest.DEFAULT_STRATEGY
                    + "\", \"hyperparameters\": {…}}");
        }
        return new RunRequest(body.task(), body.rounds() == null ? RunRequest.DEFAULT_ROUNDS : body.rounds(),
                body.strategy(), hyperparameters(body.hyperparameters()));
    }

    static Hyperparameters hyperparameters(HyperparametersBody body) {
        Hyperparameters d = Hyperparameters.defaults();
        if (body == null) {
            return d;
        }
        return new Hyperparameters(or(body.learningRate(), d.learningRate()), or(body.localEpochs(), d.localEpochs()),
                or(body.batchSize(), d.batchSize()), or(body.proximalMu(), d.proximalMu()),
                or(body.trimFraction(), d.trimFraction()), or(body.assumedByzantine(), d.assumedByzantine()),
                or(body.maxUpdateNorm(), d.maxUpdateNorm()), or(body.roundTimeoutMs(), d.roundTimeoutMillis()),
                or(body.dpClipNorm(), d.dpClipNorm()), or(body.dpNoiseMultiplier(), d.dpNoiseMultiplier()),
                or(body.dpDelta(), d.dpDelta()), or(body.loraRank(), d.loraRank()));
    }

    private static <T> T or(T value, T otherwise) {
        return value == null ? otherwise : value;
    }

    static List<float[]> rows(PredictBody body) {
        if (body == null || body.rows() == null || body.rows().isEmpty()) {
            throw new IllegalArgumentException("request body required: {\"rows\": [[1.0, 2.5, …], …]}");
        }
        checkCount(body.rows().size());
        List<float[]> rows = new ArrayList<>();
        for (int r = 0; r < body.rows().size(); r++) {
            List<Double> values = body.rows().get(r);
            if (values == null || values.isEmpty()) {
                throw new IllegalArgumentException("row " + (r + 1) + " has no values");
            }
            float[] row = new float[values.size()];
            for (int j = 0; j < row.length; j++) {
                if (values.get(j) == null) {
                    throw new IllegalArgumentException("row " + (r + 1) + ", value " + (j + 1) + " is null");
                }
                row[j] = values.get(j).floatValue();
            }
            rows.add(row);
        }
        return rows;
    }

    /**
     * CSV rows of numbers, the feature columns in training order; a first line that is not all numbers is a
     * header and skipped; blank lines are skipped.
     */
    static List<float[]> csvRows(Reader body) throws IOException {
        List<float[]> rows = new ArrayList<>();
        BufferedReader reader = new BufferedReader(body);
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            if (lineNumber == 1 && !NUMBER.matcher(cells[0].trim()).matches()) {
                continue;
            }
            float[] row = new float[cells.length];
            for (int j = 0; j < cells.length; j++) {
                String cell = cells[j].trim();
                if (!NUMBER.matcher(cell).matches()) {
                    throw new IllegalArgumentException("line " + lineNumber + ", column " + (j + 1) + ": '" + cell
                            + "' is not a number");
                }
                row[j] = Float.parseFloat(cell);
            }
            rows.add(row);
            checkCount(rows.size());
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows to classify: send one CSV line of feature values per row");
        }
        return rows;
    }

    static long version(RollbackBody body) {
        if (body == null || body.version() == null || body.version() < 1) {
            throw new IllegalArgumentException("request body required: {\"version\": <a committed version, from 1>}");
        }
        return body.version();
    }

    private static void checkCount(int rows) {
        if (rows > MAX_ROWS) {
            throw new IllegalArgumentException("more than " + MAX_ROWS + " rows in one request");
        }
    }
}
