package org.aegis.federated.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.ClientUpdate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One aggregation of {@value #CLIENTS} updates of {@value #PARAMETERS} parameters (Gaussian values, seeded), per
 * strategy, configured as in the federated runs for f = 4 (20 %); centred clipping from a zero momentum with τ
 * the median norm, 3 iterations.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AggregationBenchmark {
    static final int CLIENTS = 20;
    static final int PARAMETERS = 100_000;

    @Param({"fedavg", "median", "trimmed-mean", "krum", "multi-krum", "bulyan", "centered-clipping"})
    public String strategy;

    private Rule rule;
    private List<ClientUpdate> updates;
    private AggregationContext context;

    @Setup
    public void setUp() {
        rule = Rule.named(strategy);
        SplittableRandom random = new SplittableRandom(11);
        updates = new ArrayList<>();
        List<float[]> deltas = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            float[] delta = new float[PARAMETERS];
            for (int j = 0; j < PARAMETERS; j++) {
                delta[j] = (float) (0.01 * Gaussian.next(random));
            }
            deltas.add(delta);
            updates.add(new ClientUpdate("client-" + c, 1000, delta));
        }
        context = rule.context(CLIENTS, 4, deltas, new float[0]);
    }

    @Benchmark
    public Aggregate aggregate() {
        return rule.strategy().aggregate(updates, context);
    }
}
