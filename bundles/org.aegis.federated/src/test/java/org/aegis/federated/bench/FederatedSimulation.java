package org.aegis.federated.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.ClientUpdate;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.UpdateBody;
import org.aegis.api.federated.UpdateCodec;
import org.aegis.federated.model.BuiltinTrainingTask;

/**
 * Federated training in one JVM, one thread: each round the clients train from the global model on their own
 * rows, the Byzantine ones (the first f clients) replace what they send by the attack's forgery, the rule
 * aggregates, and the model is evaluated on the test set. The clients' random draws depend only on the seed,
 * the round and the client, so every rule sees honest clients that start alike.
 */
final class FederatedSimulation {
    static final String TASK = "fashion-mnist";

    private final BuiltinTrainingTask task = new BuiltinTrainingTask();
    private final Dataset train;
    private final Dataset test;
    private final Settings settings;

    FederatedSimulation(Dataset train, Dataset test, Settings settings) {
        this.train = train;
        this.test = test;
        this.settings = settings;
    }

    RunOutcome run(Scenario scenario, int[][] parts) {
        long started = System.nanoTime();
        int n = parts.length;
        int byzantine = scenario.byzantine(n);
        Rule rule = Rule.named(scenario.rule());
        // With no attack the robust rules still assume the 20 % they are designed for.
        int assumed = scenario.attack() == Attack.NONE ? Math.round(0.2f * n) : byzantine;
        ModelShape shape = new ModelShape(scenario.model(), train.featureCount(), train.classCount());
        FederatedModel global = task.createModel(shape, settings.seed());
        FederatedModel worker = task.createModel(shape, settings.seed());
        double[] accuracy = new double[settings.rounds()];
        Arrays.fill(accuracy, Double.NaN);
        float[] previous = new float[0];
        long bytes = 0;
        SplittableRandom attackRandom = new SplittableRandom(settings.seed() ^ 0x5eed);
        for (int round = 0; round < settings.rounds(); round++) {
            float[] base = global.parameters();
            List<float[]> honest = new ArrayList<>();
            List<float[]> own = new ArrayList<>();
            for (int c = 0; c < n; c++) {
                boolean isByzantine = c < byzantine;
                SplittableRandom random = clientRandom(round, c);
                Dataset local = sample(parts[c], random, isByzantine && scenario.attack().flipsLabels());
                worker.setParameters(base);
                worker.train(local, settings.local(), random);
                (isByzantine ? own : honest).add(minus(worker.parameters(), base));
            }
            List<float[]> deltas = new ArrayList<>(
                    byzantine > 0 ? scenario.attack().forge(own, honest, n, attackRandom) : own);
            deltas.addAll(honest);
            List<ClientUpdate> updates = new ArrayList<>(n);
            for (int c = 0; c < n; c++) {
                UpdateBody body = new UpdateBody(TASK, round, "client-" + c, parts[c].length, deltas.get(c));
                bytes += UpdateCodec.encode(body).length;
                updates.add(body.toClientUpdate());
            }
            AggregationContext context = rule.context(n, assumed, deltas, previous);
            Aggregate aggregate = rule.strategy().aggregate(updates, context);
            previous = aggregate.delta();
            float[] next = plus(base, previous);
            if (!allFinite(next)) {
                break;
            }
            global.setParameters(next);
            accuracy[round] = global.evaluate(test).accuracy();
        }
        return new RunOutcome(scenario, accuracy, bytes / settings.rounds(), (System.nanoTime() - started) / 1e9);
    }

    /**
     * Centralised training of the same model with the same SGD settings on all the training rows, as many
     * samples per "round" as the whole federation trains on in one round.
     */
    RunOutcome centralised(String model) {
        long started = System.nanoTime();
        ModelShape shape = new ModelShape(model, train.featureCount(), train.classCount());
        FederatedModel central = task.createModel(shape, settings.seed());
        int[] all = java.util.stream.IntStream.range(0, train.size()).toArray();
        double[] accuracy = new double[settings.rounds()];
        SplittableRandom random = new SplittableRandom(settings.seed() ^ 0xce47);
        for (int round = 0; round < settings.rounds(); round++) {
            int[] rows = take(all, settings.clients() * settings.localRows(), random);
            central.train(train.rows(rows), settings.local(), random);
            accuracy[round] = central.evaluate(test).accuracy();
        }
        Scenario scenario = new Scenario(model, "centralised", 0, "centralised", Attack.NONE, 0);
        return new RunOutcome(scenario, accuracy, 0, (System.nanoTime() - started) / 1e9);
    }

    private SplittableRandom clientRandom(int round, int client) {
        return new SplittableRandom(settings.seed() * 1_000_003L + round * 1009L + client);
    }

    private Dataset sample(int[] rows, SplittableRandom random, boolean flipLabels) {
        Dataset local = train.rows(take(rows, settings.localRows(), random));
        if (!flipLabels) {
            return local;
        }
        int[] labels = local.labels();
        for (int i = 0; i < labels.length; i++) {
            labels[i] = local.classCount() - 1 - labels[i];
        }
        return new Dataset(local.features(), labels, local.featureCount(), local.classCount());
    }

    /** {@code count} distinct entries of {@code rows} drawn at random (all of them, shuffled, if fewer). */
    private static int[] take(int[] rows, int count, SplittableRandom random) {
        int[] copy = rows.clone();
        int k = Math.min(count, copy.length);
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(copy.length - i);
            int t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return Arrays.copyOf(copy, k);
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static float[] minus(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    private static float[] plus(float[] a, float[] b) {
        float[] s = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }
}
