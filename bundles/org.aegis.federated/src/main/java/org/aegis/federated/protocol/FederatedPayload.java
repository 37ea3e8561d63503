package org.aegis.federated.protocol;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.aegis.api.federated.Hyperparameters;
import org.aegis.api.learning.RunRequest;

/**
 * The payload of each federated decision kind. One definition, read by {@link PayloadCodec} when a node proposes
 * and when every node applies, so both refuse the same payloads. Constructors refuse what no node could apply.
 */
public sealed interface FederatedPayload {
    Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
    Pattern RUN_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /** The task the decision belongs to. */
    String task();

    /**
     * {@code federated-run}: a run, its participants (the validators when it was proposed), the version it starts
     * from ({@code base}: a version digest, or null for a fresh model), the agreed label set and model.
     */
    record Run(String task, String run, int rounds, String strategy, Hyperparameters hyperparameters,
            List<String> participants, String base, List<String> labels, String model, int features, long seed)
            implements FederatedPayload {
        public Run {
            name(task, "task");
            runId(run);
            check(rounds >= 1 && rounds <= RunRequest.MAX_ROUNDS, "rounds must be 1 to " + RunRequest.MAX_ROUNDS);
            name(strategy, "strategy");
            Objects.requireNonNull(hyperparameters, "hyperparameters");
            participants = List.copyOf(participants);
            check(!participants.isEmpty() && participants.stream().distinct().count() == participants.size(),
                    "participants must be distinct and at least one");
            check(base == null || DIGEST.matcher(base).matches(), "base must be a version digest or null");
            labels = List.copyOf(labels);
            check(labels.size() >= 2 && labels.stream().distinct().count() == labels.size(),
                    "labels must be at least 2 distinct labels");
            check(model != null && !model.isBlank(), "model is required");
            check(features >= 1, "features must be positive");
        }
    }

    /** {@code federated-stats}: a participant's feature statistics for the run's normalisation (round 0). */
    record Stats(String task, String run, String sender, long count, double[] sum, double[] sumOfSquares)
            implements FederatedPayload {
        public Stats {
            name(task, "task");
            runId(run);
            check(sender != null && !sender.isBlank(), "sender is required");
            check(count >= 1, "count must be positive");
            check(sum != null && sumOfSquares != null && sum.length == sumOfSquares.length && sum.length > 0,
                    "sum and sumOfSquares must have one value per feature");
            sum = sum.clone();
            sumOfSquares = sumOfSquares.clone();
        }

        @Override
        public double[] sum() {
            return sum.clone();
        }

        @Override
        public double[] sumOfSquares() {
            return sumOfSquares.clone();
        }
    }

    /**
     * {@code federated-update}: a participant's update of one round, announced by digest; the bytes travel over
     * {@code /aegis/federated/update/1.0.0}. {@code base} is the digest of the version it was trained from
     * ({@code initial} in a fresh run's first round).
     */
    record Update(String task, String run, int round, String sender, String digest, long sampleCount, int bytes,
            String base) implements FederatedPayload {
        public Update {
            name(task, "task");
            runId(run);
            check(round >= 1, "round must be at least 1");
            check(sender != null && !sender.isBlank(), "sender is required");
            check(digest != null && DIGEST.matcher(digest).matches(), "digest must be 64 lower-case hex digits");
            check(sampleCount >= 1, "sampleCount must be positive");
            check(bytes >= 1, "bytes must be positive");
            check(base != null && !base.isBlank(), "base is required");
        }
    }

    /**
     * {@code federated-round}: closes a round with the announcements that count, in order: update digests, or in
     * a fresh run's round 0 the digests of the statistics payloads.
     */
    record Round(String task, String run, int round, List<String> digests) implements FederatedPayload {
        public Round {
            name(task, "task");
            runId(run);
            check(round >= 0, "round must not be negative");
            digests = List.copyOf(digests);
            check(digests.stream().allMatch(d -> DIGEST.matcher(d).matches()), "digests must be 64 hex digits");
        }
    }

    /**
     * {@code federated-version}: a participant attests the digest of the version a completed run ended with, as it
     * aggregated it; every node compares it with its own, so that a node that aggregated differently is named.
     */
    record Version(String task, String run, long version, String digest, String sender) implements FederatedPayload {
        public Version {
            name(task, "task");
            runId(run);
            check(version >= 1, "version must be at least 1");
            check(digest != null && DIGEST.matcher(digest).matches(), "digest must be 64 lower-case hex digits");
            check(sender != null && !sender.isBlank(), "sender is required");
        }
    }

    /** {@code federated-rollback}: the network serves this earlier version of the task again. */
    record Rollback(String task, long version) implements FederatedPayload {
        public Rollback {
            name(task, "task");
            check(version >= 1, "version must be at least 1");
        }
    }

    private static void name(String value, String field) {
        check(value != null && NAME.matcher(value).matches(), field + " must be 1-64 letters, digits, '.', '_', '-'");
    }

    private static void runId(String value) {
        check(value != null && RUN_ID.matcher(value).matches(), "run must be 1-64 letters, digits or '-'");
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
