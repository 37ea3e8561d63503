package org.aegis.metrics.math.bench;

import java.util.concurrent.TimeUnit;
import org.aegis.metrics.math.GaussianPhi;
import org.aegis.metrics.math.PhaseWindow;
import org.aegis.metrics.math.PhiResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Φ of the node's own case: 13 oscillators, T = 1200, lag 1, a committed window (bench/phi_bench.sh). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PhiBenchmark {
    private final GaussianPhi phi = new GaussianPhi(1);
    private PhaseWindow window;

    @Setup
    public void load() {
        window = PhaseWindow.of(BenchWindows.vector());
    }

    @Benchmark
    public PhiResult metatron13() {
        return phi.compute(window);
    }
}
