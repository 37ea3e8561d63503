package org.aegis.metrics.math.bench;

import java.util.concurrent.TimeUnit;
import org.aegis.metrics.math.GaussianPhi;
import org.aegis.metrics.math.PhaseWindow;
import org.aegis.metrics.math.PhiResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Φ at T = 1200 for n oscillators: 2^{n−1} − 1 bipartitions, 32767 at n = 16. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PhiScalingBenchmark {
    @Param({"4", "8", "12", "13", "16"})
    public int oscillators;

    private final GaussianPhi phi = new GaussianPhi(1);
    private PhaseWindow window;

    @Setup
    public void generate() {
        window = PhaseWindow.of(BenchWindows.simulated(oscillators, BenchWindows.SAMPLES));
    }

    @Benchmark
    public PhiResult compute() {
        return phi.compute(window);
    }
}
