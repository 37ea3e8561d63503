package org.aegis.federated.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.TrainingOptions;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The federated learning benchmark on Fashion-MNIST (bundles/org.aegis.federated/bench/federated.sh): local
 * training speed, the plan's federated runs, JMH on one aggregation of 20 × 100,000 parameters, then the JSON
 * result and the PNG figures.
 *
 * <p>System properties: {@code bench.data} (the IDX folder), {@code bench.output} (the JSON file),
 * {@code bench.docs} (where the PNGs go), {@code bench.plan} (full, iid, smoke), {@code bench.rounds},
 * {@code bench.threads} (runs in parallel), {@code bench.jmh} (false skips JMH), {@code bench.command}.
 */
public final class FederatedBenchMain {
    private static final int CLIENTS = 20;
    private static final double TARGET = 0.85;
    private static final long PARTITION_SEED = 42;

    private FederatedBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("bench.data", "/usr/share/datasets/fashion-mnist"));
        Path output = Path.of(System.getProperty("bench.output", "target/bench/federated.json"));
        Path docs = Path.of(System.getProperty("bench.docs", "docs"));
        ExperimentPlan plan = ExperimentPlan.named(System.getProperty("bench.plan", "full"));
        int threads = Integer.getInteger("bench.threads", 2);
        Settings settings = new Settings(CLIENTS, Integer.getInteger("bench.rounds", 20), 320, 32,
                Double.parseDouble(System.getProperty("bench.learningRate", "0.1")), 7);
        String loadBefore = Machine.loadAverage();
        long started = System.nanoTime();

        Dataset train = IdxReader.read(data, "train", 10);
        Dataset test = IdxReader.read(data, "t10k", 10);
        log("read %d training and %d test images of %d pixels", train.size(), test.size(), train.featureCount());

        List<Throughput.Measurement> speeds = new ArrayList<>();
        Dataset speedData = train.rows(java.util.stream.IntStream.range(0, 10_000).toArray());
        for (String model : plan.centralisedModels()) {
            Throughput.Measurement m = Throughput.measure(model, speedData, settings.local(), 2, 5);
            speeds.add(m);
            log("local training %s (%d parameters): %.0f samples/s on one thread", model, m.parameters(),
                    m.samplesPerSecond());
        }

        Map<Double, int[][]> partitions = new HashMap<>();
        for (Scenario s : plan.scenarios()) {
            partitions.computeIfAbsent(s.alpha(),
                    alpha -> Partitions.split(train.labels(), 10, CLIENTS, alpha, PARTITION_SEED));
        }
        FederatedSimulation simulation = new FederatedSimulation(train, test, settings);
        List<RunOutcome> results = runAll(plan, simulation, partitions, threads);
        List<RunOutcome> centralised = new ArrayList<>();
        for (String model : plan.centralisedModels()) {
            RunOutcome r = simulation.centralised(model);
            centralised.add(r);
            log("centralised %s: %.4f after %d rounds' worth of samples", model, r.finalAccuracy(), settings.rounds());
        }
        double federatedSeconds = (System.nanoTime() - started) / 1e9;

        Collection<RunResult> jmh = Boolean.parseBoolean(System.getProperty("bench.jmh", "true"))
                ? aggregationJmh() : List.of();
        String loadAfter = Machine.loadAverage();

        ResultFile file = new ResultFile(plan, settings, speeds, results, centralised, jmh, partitions, train.labels());
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, file.json(System.getProperty("bench.command", ""), loadBefore, loadAfter,
                federatedSeconds, (System.nanoTime() - started) / 1e9, TARGET));
        Path tables = output.resolveSibling("federated-tables.md");
        Files.writeString(tables, file.markdown(TARGET));
        log("wrote %s and %s", output, tables);
        drawFigures(results, centralised, docs);
    }

    private static List<RunOutcome> runAll(ExperimentPlan plan, FederatedSimulation simulation,
            Map<Double, int[][]> partitions, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<RunOutcome>> futures = new ArrayList<>();
            int total = plan.scenarios().size();
            for (Scenario s : plan.scenarios()) {
                futures.add(pool.submit(() -> {
                    RunOutcome r = simulation.run(s, partitions.get(s.alpha()));
                    log("%-60s final %.4f  (%.1f s)", s.key(), r.finalAccuracy(), r.seconds());
                    return r;
                }));
            }
            List<RunOutcome> results = new ArrayList<>(total);
            for (Future<RunOutcome> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdown();
        }
    }

    private static Collection<RunResult> aggregationJmh() throws Exception {
        Options options = new OptionsBuilder()
                .include(AggregationBenchmark.class.getName())
                .forks(1)
                .threads(1)
                .jvmArgs("-Xmx1g")
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .build();
        return new Runner(options).run();
    }

    private static void drawFigures(List<RunOutcome> results,
            List<RunOutcome> centralised, Path docs) throws IOException {
        RunOutcome central = centralised.stream()
                .filter(r -> r.scenario().model().equals(ExperimentPlan.LOGISTIC)).findFirst().orElseThrow();
        RobustnessPlot plot = new RobustnessPlot(results, ExperimentPlan.LOGISTIC, "iid", 0.2);
        plot.drawFinalAccuracy(docs.resolve("federated-robustness.png"));
        plot.drawCurves(docs.resolve("federated-curves.png"), central);
        log("drew %s and %s", docs.resolve("federated-robustness.png"), docs.resolve("federated-curves.png"));
    }

    static void log(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
    }
}
