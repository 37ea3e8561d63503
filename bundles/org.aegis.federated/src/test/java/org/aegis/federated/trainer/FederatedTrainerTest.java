package org.aegis.federated.trainer;

import static org.aegis.federated.trainer.Cluster.TASK;
import static org.aegis.federated.trainer.Cluster.accuracy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.Evaluation;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.Hyperparameters;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TrainingOptions;
import org.aegis.api.federated.TrainingTask;
import org.aegis.api.federated.UpdateCodec;
import org.aegis.api.federated.UpdateOutcome;
import org.aegis.api.learning.ModelVersion;
import org.aegis.api.learning.PrivacyBudget;
import org.aegis.api.learning.RoundRecord;
import org.aegis.api.learning.RunRequest;
import org.aegis.api.learning.TaskState;
import org.aegis.api.learning.TaskStatus;
import org.aegis.federated.data.FeatureNormalizer;
import org.aegis.federated.data.FeatureStatistics;
import org.aegis.federated.model.BuiltinTrainingTask;
import org.aegis.federated.privacy.GaussianAccountant;
import org.aegis.federated.protocol.FederatedPayload;
import org.aegis.federated.protocol.PayloadCodec;
import org.aegis.testing.InMemoryStore;
import org.junit.jupiter.api.Test;

/** The federated protocol end to end in one JVM: trainers ordered by a fake consensus, streams by a fake network. */
class FederatedTrainerTest {
    private static final Hyperparameters FAST = new Hyperparameters(0.1, 1, 16, 0, 0.1, 0, 1000, 60_000);
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Dataset TEST = SyntheticData.blobs(new int[] {100, 100, 100}, 999);

    private static List<String> digests(FederatedTrainer trainer) {
        return trainer.versions(TASK).stream().map(ModelVersion::digest).toList();
    }

    private static void start(FederatedTrainer trainer, int rounds, String strategy, Hyperparameters h)
            throws Exception {
        trainer.startRun(new RunRequest(TASK, rounds, strategy, h)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aNetworkOfOneLearnsWithoutATransportAndKeepsItsVersionsOverARestart() throws Exception {
        InMemoryStore store = new InMemoryStore();
        try (Cluster cluster = new Cluster(List.of("solo"))) {
            Dataset local = SyntheticData.blobs(new int[] {60, 60, 60}, 1);
            FederatedTrainer solo = cluster.detached("solo", SyntheticData.task(TASK, local, TEST), store);
            assertEquals(TaskState.IDLE, solo.status(TASK).orElseThrow().state());

            start(solo, 10, null, FAST);
            cluster.awaitRunsEnded(LIMIT);

            TaskStatus status = solo.status(TASK).orElseThrow();
            assertEquals(TaskState.COMPLETED, status.state(), status.toString());
            assertEquals(10, status.runs().get(0).roundsDone());
            assertEquals("fedavg", status.runs().get(0).strategy());
            List<ModelVersion> versions = solo.versions(TASK);
            assertEquals(10, versions.size());
            for (int i = 0; i < versions.size(); i++) {
                assertEquals(i + 1, versions.get(i).number());
                assertEquals(i, versions.get(i).parent());
            }
            Evaluation untrained = untrained(cluster, local);
            Evaluation baseline = status.runs().get(0).baseline();
            assertEquals(untrained.loss(), baseline.loss(), 1e-9, "the run's starting point, measured here");
            assertTrue(versions.get(9).loss() < versions.get(0).loss(), versions.toString());
            assertTrue(versions.get(9).loss() < untrained.loss() - 0.1, untrained + " then " + versions);
            assertTrue(versions.get(9).accuracy() > untrained.accuracy(), untrained + " then " + versions);
            assertTrue(versions.get(9).accuracy() > 0.8, versions.toString());
            assertEquals(10, status.servedVersion());
            assertTrue(cluster.events.stream().anyMatch(e -> e.topic().equals("aegis/federated/round")));
        }
        FederatedTrainer restarted = new FederatedTrainer(store, Cluster.identity("solo"), null,
                java.time.Clock.systemUTC(), () -> Cluster.SEED);
        try {
            restarted.bindTrainingTask(new BuiltinTrainingTask());
            assertEquals(10, restarted.versions(TASK).size());
            assertEquals(TaskState.COMPLETED, restarted.status(TASK).orElseThrow().state());
            assertEquals(10, restarted.predict(TASK, SyntheticData.rows(TEST), OptionalLong.empty()).version());
        } finally {
            restarted.deactivate();
        }
    }

    /** The run's model before any round: its seed is in the run's decision, its normalisation the node's data's. */
    private static Evaluation untrained(Cluster cluster, Dataset local) {
        FederatedPayload.Run run = (FederatedPayload.Run) new PayloadCodec().parse(cluster.consensus.log().get(0)
                .proposal()).orElseThrow();
        FederatedModel model = new BuiltinTrainingTask().createModel(new ModelShape(run.model(), run.features(),
                run.labels().size()), run.seed());
        return model.evaluate(FeatureNormalizer.from(FeatureStatistics.of(local)).apply(TEST));
    }

    @Test
    void fourNonIidNodesCommitIdenticalVersionsCloseToCentralisedTraining() throws Exception {
        List<String> ids = List.of("n0", "n1", "n2", "n3");
        try (Cluster cluster = new Cluster(ids)) {
            for (int i = 0; i < ids.size(); i++) {
                cluster.node(ids.get(i), SyntheticData.task(TASK, SyntheticData.skewed(i, 10), TEST));
            }
            start(cluster.trainers.get(2), 10, "fedavg", FAST);
            cluster.awaitRunsEnded(LIMIT);

            List<String> expected = digests(cluster.trainers.get(0));
            assertEquals(10, expected.size());
            for (FederatedTrainer trainer : cluster.trainers) {
                assertEquals(expected, digests(trainer));
                RoundRecord last = trainer.status(TASK).orElseThrow().runs().get(0).history().get(9);
                assertEquals(ids, last.participants().stream().sorted().toList());
            }
            double federated = accuracy(cluster.trainers.get(1).predict(TASK, SyntheticData.rows(TEST),
                    OptionalLong.empty()), TEST);
            double centralised = centralised(ids.size(), 10);
            assertTrue(federated >= centralised - 0.05, "federated " + federated + ", centralised " + centralised);
        }
    }

    @Test
    void aDifferentiallyPrivateRunShowsItsBudgetWithEveryVersion() throws Exception {
        List<String> ids = List.of("n0", "n1", "n2");
        try (Cluster cluster = new Cluster(ids)) {
            for (int i = 0; i < ids.size(); i++) {
                cluster.node(ids.get(i), SyntheticData.task(TASK, SyntheticData.skewed(i, 10), TEST));
            }
            Hyperparameters dp = new Hyperparameters(0.1, 1, 16, 0, 0.1, 0, 1000, 60_000, 1.0, 1.1, 1e-5);
            start(cluster.trainers.get(0), 4, "fedavg", dp);
            cluster.awaitRunsEnded(LIMIT);
            List<ModelVersion> versions = cluster.trainers.get(1).versions(TASK);
            assertEquals(4, versions.size());
            for (ModelVersion version : versions) {
                PrivacyBudget privacy = version.privacy();
                assertEquals(version.round(), privacy.rounds(), version.toString());
                assertEquals(GaussianAccountant.epsilon(version.round() / (1.1 * 1.1), 1e-5), privacy.epsilon(), 1e-12);
                assertEquals(1e-5, privacy.delta());
            }
            for (FederatedTrainer trainer : cluster.trainers) {
                assertEquals(digests(cluster.trainers.get(0)), digests(trainer), "the noise is in the updates, the"
                        + " aggregate is the same everywhere");
            }
            // a run without differential privacy from there: its versions promise nothing
            start(cluster.trainers.get(2), 1, "fedavg", FAST);
            Cluster.await(() -> cluster.trainers.stream().allMatch(t -> t.versions(TASK).size() == 5), LIMIT,
                    "the plain run's version");
            ModelVersion plain = cluster.trainers.get(0).versions(TASK).get(4);
            assertNull(plain.privacy(), plain.toString());
        }
    }

    @Test
    void aLoraRunSendsOnlyAdaptersAndEveryNodeCommitsTheSameMergedModel() throws Exception {
        List<String> ids = List.of("n0", "n1", "n2");
        try (Cluster cluster = new Cluster(ids)) {
            for (int i = 0; i < ids.size(); i++) {
                cluster.node(ids.get(i), SyntheticData.task(TASK, SyntheticData.blobs(new int[] {60, 60, 60}, 30 + i),
                        TEST));
            }
            start(cluster.trainers.get(1), 10, "fedavg", FAST.withLoraRank(1));
            cluster.awaitRunsEnded(LIMIT);

            List<String> expected = digests(cluster.trainers.get(0));
            assertEquals(10, expected.size());
            for (FederatedTrainer trainer : cluster.trainers) {
                assertEquals(expected, digests(trainer));
            }
            // logistic regression on 3 classes: one 3 × features matrix, so rank 1 sends 3 + features values
            List<FederatedPayload.Update> updates = cluster.consensus.log().stream()
                    .map(d -> new PayloadCodec().parse(d.proposal()).orElseThrow())
                    .filter(FederatedPayload.Update.class::isInstance).map(FederatedPayload.Update.class::cast)
                    .toList();
            assertEquals(30, updates.size());
            int full = 3 * SyntheticData.FEATURES + 3;
            for (FederatedPayload.Update update : updates) {
                assertEquals(UpdateCodec.encodedSize(TASK, update.sender(), 3 + SyntheticData.FEATURES), update.bytes());
                assertTrue(update.bytes() < UpdateCodec.encodedSize(TASK, update.sender(), full));
            }
            Evaluation untrained = untrained(cluster, SyntheticData.blobs(new int[] {60, 60, 60}, 30));
            double accuracy = accuracy(cluster.trainers.get(2).predict(TASK, SyntheticData.rows(TEST),
                    OptionalLong.empty()), TEST);
            assertTrue(accuracy > untrained.accuracy() + 0.2 && accuracy > 0.7, untrained + " then " + accuracy);
        }
    }

    @Test
    void everyParticipantAttestsTheFinalDigestAndADifferentOneIsCalledADivergence() throws Exception {
        List<String> ids = List.of("n0", "n1", "n2");
        try (Cluster cluster = new Cluster(ids)) {
            for (int i = 0; i < ids.size(); i++) {
                cluster.node(ids.get(i), SyntheticData.task(TASK, SyntheticData.skewed(i, 10), TEST));
            }
            start(cluster.trainers.get(0), 2, "fedavg", FAST);
            cluster.awaitRunsEnded(LIMIT);
            Cluster.await(() -> attestations(cluster).size() == ids.size(), LIMIT, "three attestations");
            ModelVersion last = cluster.trainers.get(0).versions(TASK).get(1);
            for (FederatedPayload.Version attested : attestations(cluster)) {
                assertEquals(last.digest(), attested.digest(), attested.toString());
                assertEquals(2, attested.version());
            }
            assertTrue(cluster.events.stream().noneMatch(e -> e.topic().equals("aegis/federated/diverged")));

            // n2 says it made something else: every node names it
            FederatedPayload.Version other = new FederatedPayload.Version(TASK, last.runId(), 2, "0".repeat(64), "n2");
            cluster.consensus.propose(new Proposal("forged", PayloadCodec.VERSION, new PayloadCodec().encode(other),
                    "n2")).toCompletableFuture().get(10, TimeUnit.SECONDS);
            Cluster.await(() -> cluster.events.stream().filter(e -> e.topic().equals("aegis/federated/diverged"))
                    .count() == ids.size(), LIMIT, "every node reports the divergence");
            assertTrue(cluster.events.stream().filter(e -> e.topic().equals("aegis/federated/diverged"))
                    .allMatch(e -> e.data().get("peer").equals("n2")));
        }
    }

    private static List<FederatedPayload.Version> attestations(Cluster cluster) {
        return cluster.consensus.log().stream().map(d -> new PayloadCodec().parse(d.proposal()).orElseThrow())
                .filter(FederatedPayload.Version.class::isInstance).map(FederatedPayload.Version.class::cast).toList();
    }

    @Test
    void aLoraRunOfAModelWithoutGradientsIsRefusedBeforeItIsProposed() throws Exception {
        try (Cluster cluster = new Cluster(List.of("solo"))) {
            FederatedTrainer solo = cluster.node("solo", SyntheticData.task(TASK, SyntheticData.skewed(0, 10), TEST));
            solo.bindTrainingTask(new OpaqueTask()); // sorts before the built-in task, so it is chosen
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> solo.startRun(new RunRequest(TASK, 1, null, FAST.withLoraRank(2))));
            assertTrue(refused.getMessage().contains("cannot train low-rank adapters"), refused.getMessage());
        }
    }

    /** The built-in models without their gradients, as a third-party task that only implements train(). */
    private static final class OpaqueTask implements TrainingTask {
        @Override
        public String name() {
            return "a-opaque";
        }

        @Override
        public boolean supports(String spec) {
            return new BuiltinTrainingTask().supports(spec);
        }

        @Override
        public FederatedModel createModel(ModelShape shape, long seed) {
            FederatedModel inner = new BuiltinTrainingTask().createModel(shape, seed);
            return new FederatedModel() {
                @Override
                public ModelShape shape() {
                    return inner.shape();
                }

                @Override
                public int parameterCount() {
                    return inner.parameterCount();
                }

                @Override
                public float[] parameters() {
                    return inner.parameters();
                }

                @Override
                public void setParameters(float[] parameters) {
                    inner.setParameters(parameters);
                }

                @Override
                public double train(Dataset data, TrainingOptions options, java.util.random.RandomGenerator random) {
                    return inner.train(data, options, random);
                }

                @Override
                public Evaluation evaluate(Dataset data) {
                    return inner.evaluate(data);
                }

                @Override
                public float[] predictProbabilities(float[] features) {
                    return inner.predictProbabilities(features);
                }
            };
        }
    }

    /** The same model trained on all partitions together, as many epochs as the federated run had rounds. */
    private static double centralised(int nodes, int epochs) {
        Dataset all = SyntheticData.skewed(0, 10);
        for (int i = 1; i < nodes; i++) {
            all = concat(all, SyntheticData.skewed(i, 10));
        }
        FeatureNormalizer normalizer = FeatureNormalizer.from(FeatureStatistics.of(all));
        FederatedModel model = new BuiltinTrainingTask().createModel(new ModelShape("logistic",
                SyntheticData.FEATURES, 3), 5);
        model.train(normalizer.apply(all), TrainingOptions.sgd(epochs, 16, 0.1), new SplittableRandom(5));
        return model.evaluate(normalizer.apply(TEST)).accuracy();
    }

    private static Dataset concat(Dataset a, Dataset b) {
        float[] x = new float[a.features().length + b.features().length];
        System.arraycopy(a.features(), 0, x, 0, a.features().length);
        System.arraycopy(b.features(), 0, x, a.features().length, b.features().length);
        int[] y = new int[a.size() + b.size()];
        System.arraycopy(a.labels(), 0, y, 0, a.size());
        System.arraycopy(b.labels(), 0, y, a.size(), b.size());
        return new Dataset(x, y, a.featureCount(), a.classCount());
    }

    @Test
    void aSignFlippingNodeIsOutvotedByKrumAndNamedInEveryRound() throws Exception {
        List<String> honest = List.of("n0", "n1", "n2", "n3");
        try (Cluster cluster = new Cluster(List.of("n0", "n1", "n2", "n3", "mallory"));
                SignFlipper mallory = new SignFlipper("mallory", cluster.consensus, cluster.network)) {
            for (int i = 0; i < honest.size(); i++) {
                cluster.node(honest.get(i), SyntheticData.task(TASK, SyntheticData.blobs(new int[] {60, 60, 60}, 20 + i),
                        TEST));
            }
            start(cluster.trainers.get(0), 10, "krum", new Hyperparameters(0.1, 1, 16, 0, 0.1, 1, 1000, 60_000));
            cluster.awaitRunsEnded(LIMIT);

            List<String> expected = digests(cluster.trainers.get(0));
            assertEquals(10, expected.size());
            for (FederatedTrainer trainer : cluster.trainers) {
                assertEquals(expected, digests(trainer));
            }
            for (RoundRecord round : cluster.trainers.get(3).status(TASK).orElseThrow().runs().get(0).history()) {
                assertTrue(round.participants().contains("mallory"), round.toString());
                UpdateOutcome evil = round.outcomes().stream().filter(o -> o.sender().equals("mallory")).findFirst()
                        .orElseThrow();
                assertNotEquals(UpdateOutcome.Status.ACCEPTED, evil.status(), round.toString());
                assertTrue(evil.reason().contains("mallory"), evil.reason());
            }
            double robust = accuracy(cluster.trainers.get(0).predict(TASK, SyntheticData.rows(TEST),
                    OptionalLong.empty()), TEST);
            // the blobs overlap: centralised training reaches about 0.83 on them
            assertTrue(robust > 0.8, "accuracy " + robust);
        }
    }

    @Test
    void aCrashedParticipantDoesNotStallTheRounds() throws Exception {
        try (Cluster cluster = new Cluster(List.of("n0", "n1", "ghost"))) {
            cluster.node("n0", SyntheticData.task(TASK, SyntheticData.skewed(0, 30), TEST));
            cluster.node("n1", SyntheticData.task(TASK, SyntheticData.skewed(1, 30), TEST));
            start(cluster.trainers.get(0), 3, "fedavg", new Hyperparameters(0.1, 1, 16, 0, 0.1, 0, 1000, 1000));
            cluster.awaitRunsEnded(LIMIT);

            for (FederatedTrainer trainer : cluster.trainers) {
                TaskStatus status = trainer.status(TASK).orElseThrow();
                assertEquals(TaskState.COMPLETED, status.state(), status.toString());
                assertEquals(List.of("n0", "n1", "ghost"), status.runs().get(0).participants());
                for (RoundRecord round : status.runs().get(0).history()) {
                    assertEquals(List.of("n0", "n1"), round.participants().stream().sorted().toList());
                }
            }
            assertEquals(digests(cluster.trainers.get(0)), digests(cluster.trainers.get(1)));
            assertEquals(3, digests(cluster.trainers.get(0)).size());
        }
    }

    @Test
    void aNodeThatCannotFetchACommittedRoundsUpdatesWaitsForThemInsteadOfDiverging() throws Exception {
        try (Cluster cluster = new Cluster(List.of("n0", "n1", "late"))) {
            cluster.node("n0", SyntheticData.task(TASK, SyntheticData.skewed(0, 30), TEST));
            cluster.node("n1", SyntheticData.task(TASK, SyntheticData.skewed(1, 30), TEST));
            // a validator that holds no data for the task and has no transport yet (it is still starting)
            FederatedTrainer late = cluster.detached("late", SyntheticData.task("other", SyntheticData.skewed(2, 30),
                    TEST), new InMemoryStore());
            start(cluster.trainers.get(0), 3, "fedavg", new Hyperparameters(0.1, 1, 16, 0, 0.1, 0, 1000, 1000));
            Cluster.await(() -> digests(cluster.trainers.get(0)).size() == 3, LIMIT, "the run's three versions");
            assertEquals(List.of(), digests(late), "no version made without the round's updates");

            late.bindTransport(cluster.network.transport("late"));
            Cluster.await(() -> digests(late).size() == 3, LIMIT, "the late node's versions");
            assertEquals(digests(cluster.trainers.get(0)), digests(late));
        }
    }

    @Test
    void afterARollbackEveryNodeServesTheEarlierVersion() throws Exception {
        try (Cluster cluster = new Cluster(List.of("n0", "n1"))) {
            FederatedTrainer n0 = cluster.node("n0", SyntheticData.task(TASK, SyntheticData.skewed(0, 40), TEST));
            FederatedTrainer n1 = cluster.node("n1", SyntheticData.task(TASK, SyntheticData.skewed(1, 40), TEST));
            start(n0, 3, "median", FAST);
            cluster.awaitRunsEnded(LIMIT);
            assertEquals(3, n1.predict(TASK, SyntheticData.rows(TEST), OptionalLong.empty()).version());

            n1.rollback(TASK, 1).toCompletableFuture().get(10, TimeUnit.SECONDS);
            Cluster.await(() -> cluster.trainers.stream().allMatch(t -> t.status(TASK).orElseThrow()
                    .servedVersion() == 1), LIMIT, "the rollback");

            for (FederatedTrainer trainer : cluster.trainers) {
                assertEquals(1, trainer.predict(TASK, SyntheticData.rows(TEST), OptionalLong.empty()).version());
                assertEquals(3, trainer.versions(TASK).size());
            }
            assertThrows(IllegalArgumentException.class, () -> n0.rollback(TASK, 4));

            start(n0, 1, "median", FAST);
            Cluster.await(() -> cluster.trainers.stream().allMatch(t -> t.versions(TASK).size() == 4), LIMIT,
                    "the run after the rollback");
            for (FederatedTrainer trainer : cluster.trainers) {
                assertEquals(1, trainer.versions(TASK).get(3).parent(), "the next run trains from the served version");
            }
        }
    }

    @Test
    void statisticsAnnouncedInAnotherNodesNameDoNotCount() throws Exception {
        try (Cluster cluster = new Cluster(List.of("n0", "n1"))) {
            cluster.node("n0", SyntheticData.task(TASK, SyntheticData.skewed(0, 60), TEST));
            cluster.node("n1", SyntheticData.task(TASK, SyntheticData.skewed(1, 60), TEST));
            PayloadCodec codec = new PayloadCodec();
            // Decided right after the run, before n1 can announce its own: if it counted, n1's real statistics
            // would be a duplicate and the normalisation absurd.
            cluster.consensus.listen(decision -> codec.parse(decision.proposal())
                    .filter(FederatedPayload.Run.class::isInstance).map(FederatedPayload.Run.class::cast)
                    .ifPresent(run -> cluster.consensus.propose(new org.aegis.api.consensus.Proposal("spoof",
                            PayloadCodec.STATS, codec.encode(new FederatedPayload.Stats(TASK, run.run(), "n1", 1,
                                    new double[] {1e12, 1e12, 1e12, 1e12}, new double[] {1e30, 1e30, 1e30, 1e30})),
                            "intruder"))));
            start(cluster.trainers.get(0), 5, "fedavg", FAST);
            cluster.awaitRunsEnded(LIMIT);

            assertEquals("intruder", cluster.consensus.log().get(1).proposal().proposer());
            for (FederatedTrainer trainer : cluster.trainers) {
                double accuracy = accuracy(trainer.predict(TASK, SyntheticData.rows(TEST), OptionalLong.empty()),
                        TEST);
                // counted, the spoof would centre every feature near -1e12 and leave one class for every row
                assertTrue(accuracy > 0.6, "accuracy " + accuracy);
            }
        }
    }

    @Test
    void predictionsComeOnlyFromCommittedVersions() throws Exception {
        try (Cluster cluster = new Cluster(List.of("solo"))) {
            FederatedTrainer solo = cluster.node("solo", SyntheticData.task(TASK, SyntheticData.skewed(0, 50), TEST));
            List<float[]> rows = SyntheticData.rows(TEST);

            assertTrue(assertThrows(IllegalArgumentException.class, () -> solo.predict(TASK, rows,
                    OptionalLong.empty())).getMessage().contains("no committed version"));

            start(solo, 2, "fedavg", FAST);
            cluster.awaitRunsEnded(LIMIT);

            assertEquals(1, solo.predict(TASK, rows, OptionalLong.of(1)).version());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> solo.predict(TASK, rows,
                    OptionalLong.of(3))).getMessage().contains("version 3 of task blobs is not a committed version"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> solo.predict(TASK,
                    List.of(new float[] {1, 2}), OptionalLong.empty())).getMessage().contains("has 2 values"));
        }
    }

    @Test
    void deactivationLeavesNoThreadBehind() throws Exception {
        try (Cluster cluster = new Cluster(List.of("solo"))) {
            FederatedTrainer solo = cluster.node("solo", SyntheticData.task(TASK, SyntheticData.skewed(0, 60), TEST));
            start(solo, 1, "fedavg", FAST);
            cluster.awaitRunsEnded(LIMIT);
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.isAlive() && t.getName().startsWith("aegis-federated-")));
    }

    @Test
    void aRunNeedsLocalDataForTheTask() {
        try (Cluster cluster = new Cluster(List.of("solo"))) {
            FederatedTrainer solo = cluster.node("solo", SyntheticData.task(TASK, SyntheticData.skewed(0, 50), TEST));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> solo.startRun(new RunRequest("other", 1,
                    null, FAST))).getMessage().contains("no data for the task other"));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
