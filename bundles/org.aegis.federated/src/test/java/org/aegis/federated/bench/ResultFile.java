package org.aegis.federated.bench;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;

/** The bench's results as JSON (target/bench/federated.json) and as Markdown tables for docs/BENCHMARKS.md. */
final class ResultFile {
    private final ExperimentPlan plan;
    private final Settings settings;
    private final List<Throughput.Measurement> speeds;
    private final List<RunOutcome> runs;
    private final List<RunOutcome> centralised;
    private final Collection<org.openjdk.jmh.results.RunResult> jmh;
    private final Map<Double, int[][]> partitions;
    private final int[] labels;

    ResultFile(ExperimentPlan plan, Settings settings, List<Throughput.Measurement> speeds, List<RunOutcome> runs,
            List<RunOutcome> centralised, Collection<org.openjdk.jmh.results.RunResult> jmh,
            Map<Double, int[][]> partitions, int[] labels) {
        this.plan = plan;
        this.settings = settings;
        this.speeds = speeds;
        this.runs = runs;
        this.centralised = centralised;
        this.jmh = jmh;
        this.partitions = partitions;
        this.labels = labels;
    }

    String json(String command, String loadBefore, String loadAfter, double federatedSeconds, double totalSeconds,
            double target) {
        JsonWriter w = new JsonWriter().beginObject();
        w.field("benchmark", "federated").field("command", command).field("plan", plan.name());
        w.name("machine").beginObject().field("processors", Runtime.getRuntime().availableProcessors())
                .field("cpu", Machine.cpuModel()).field("java", System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"))
                .field("load_average_before", loadBefore).field("load_average_after", loadAfter).endObject();
        w.name("settings").beginObject().field("clients", settings.clients()).field("rounds", settings.rounds())
                .field("local_rows_per_round", settings.localRows()).field("batch_size", settings.batchSize())
                .field("learning_rate", settings.learningRate()).field("local_epochs", 1)
                .field("seed", settings.seed()).field("alie_z_20_percent", Attack.alieZ(settings.clients(), 4))
                .field("alie_z_30_percent", Attack.alieZ(settings.clients(), 6))
                .field("gaussian_sigma", Attack.NOISE_SIGMA).field("scaling", Attack.SCALE).endObject();
        w.field("federated_seconds", federatedSeconds).field("total_seconds", totalSeconds);
        w.name("local_training").beginArray();
        for (Throughput.Measurement m : speeds) {
            w.beginObject().field("model", m.model()).field("parameters", m.parameters())
                    .field("samples", m.samples()).field("batch_size", m.batchSize())
                    .field("samples_per_second_one_thread", m.samplesPerSecond()).name("repetitions")
                    .values(m.repetitions()).endObject();
        }
        w.endArray();
        w.name("aggregation_20_updates_100000_parameters").beginArray();
        for (org.openjdk.jmh.results.RunResult r : jmh) {
            Result<?> primary = r.getPrimaryResult();
            w.beginObject().field("strategy", r.getParams().getParam("strategy"))
                    .field("ms_per_aggregation", primary.getScore()).field("error_99_9", primary.getScoreError())
                    .field("unit", primary.getScoreUnit()).endObject();
        }
        w.endArray();
        w.name("partitions").beginObject();
        for (Map.Entry<Double, int[][]> p : new TreeMap<>(partitions).entrySet()) {
            w.name(Partitions.name(p.getKey())).beginArray();
            for (int[] counts : Partitions.classCounts(p.getValue(), labels, 10)) {
                w.values(java.util.Arrays.stream(counts).asDoubleStream().toArray());
            }
            w.endArray();
        }
        w.endObject();
        w.name("centralised").beginArray();
        for (RunOutcome r : centralised) {
            w.beginObject().field("model", r.scenario().model()).field("final_accuracy", r.finalAccuracy())
                    .field("rounds_to_" + Math.round(100 * target), r.roundsTo(target)).name("accuracy")
                    .values(r.accuracy()).endObject();
        }
        w.endArray();
        w.name("runs").beginArray();
        for (RunOutcome r : runs) {
            Scenario s = r.scenario();
            w.beginObject().field("model", s.model()).field("partition", s.partition()).field("strategy", s.rule())
                    .field("attack", s.attack().label()).field("byzantine_fraction", s.fraction())
                    .field("byzantine_clients", s.byzantine(settings.clients()))
                    .field("final_accuracy", r.finalAccuracy())
                    .field("rounds_to_" + Math.round(100 * target), r.roundsTo(target))
                    .field("bytes_per_round", r.bytesPerRound()).field("seconds", r.seconds()).name("accuracy")
                    .values(r.accuracy()).endObject();
        }
        w.endArray();
        return w.endObject().toString() + "\n";
    }

    /** Final accuracy (%) per strategy (rows) and attack (columns) for one model, partition and fraction. */
    String markdownTable(String model, String partition, double fraction) {
        StringBuilder out = new StringBuilder("| strategy |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Attack a : Attack.values()) {
            out.append(' ').append(a.label()).append(" |");
            rule.append("---|");
        }
        out.append('\n').append(rule).append('\n');
        for (Rule r : Rule.all()) {
            out.append("| ").append(r.name()).append(" |");
            for (Attack a : Attack.values()) {
                double wanted = a == Attack.NONE ? 0 : fraction;
                String cell = runs.stream().filter(x -> x.scenario().model().equals(model)
                        && x.scenario().partition().equals(partition) && x.scenario().rule().equals(r.name())
                        && x.scenario().attack() == a && x.scenario().fraction() == wanted).findFirst()
                        .map(x -> String.format(Locale.ROOT, "%.1f", 100 * x.finalAccuracy())).orElse("–");
                out.append(' ').append(cell).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Clean final accuracy (%) and rounds to the target per strategy (rows) and partition (columns). */
    String cleanTable(String model, List<String> partitionNames, double target) {
        StringBuilder out = new StringBuilder("| strategy |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String p : partitionNames) {
            out.append(' ').append(p).append(" |");
            rule.append("---|");
        }
        out.append('\n').append(rule).append('\n');
        for (Rule r : Rule.all()) {
            out.append("| ").append(r.name()).append(" |");
            for (String p : partitionNames) {
                String cell = runs.stream().filter(x -> x.scenario().model().equals(model)
                        && x.scenario().partition().equals(p) && x.scenario().rule().equals(r.name())
                        && x.scenario().attack() == Attack.NONE).findFirst()
                        .map(x -> String.format(Locale.ROOT, "%.1f (%s)", 100 * x.finalAccuracy(),
                                x.roundsTo(target) < 0 ? "–" : "round " + x.roundsTo(target)))
                        .orElse("–");
                out.append(' ').append(cell).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** Every table of the bench, for docs/BENCHMARKS.md. */
    String markdown(double target) {
        StringBuilder out = new StringBuilder();
        for (String model : List.of(ExperimentPlan.LOGISTIC, ExperimentPlan.MLP)) {
            out.append("\n### ").append(model).append(", clean: final accuracy % (first round at ")
                    .append(Math.round(100 * target)).append(" %)\n\n")
                    .append(cleanTable(model, List.of("iid", "dirichlet-0.5", "dirichlet-0.1"), target));
        }
        for (String partition : List.of("iid", "dirichlet-0.5", "dirichlet-0.1")) {
            for (double fraction : new double[] {0.2, 0.3}) {
                String table = markdownTable(ExperimentPlan.LOGISTIC, partition, fraction);
                if (table.chars().filter(c -> c == '–').count() < 35) {
                    out.append("\n### logistic, ").append(partition).append(", ").append(Math.round(100 * fraction))
                            .append(" % Byzantine: final accuracy %\n\n").append(table);
                }
            }
        }
        for (RunOutcome r : centralised) {
            out.append(String.format(Locale.ROOT, "%ncentralised %s: %.1f %%%n", r.scenario().model(),
                    100 * r.finalAccuracy()));
        }
        return out.toString();
    }
}
