package org.aegis.metrics.math.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.aegis.metrics.math.Vectors;

/** The windows the Φ benchmarks measure; written as CSV too, so that the numpy reference times the same ones. */
public final class BenchWindows {
    /** The committed vector PhiBenchmark measures: the Metatron network at the default K = 2, σ = 0.3. */
    public static final String VECTOR = "kuramoto_K2_sigma0.3_seed3_T1200.json";
    public static final int SAMPLES = 1200;

    private BenchWindows() {
    }

    public static double[][] vector() {
        return Vectors.matrix(Vectors.load(VECTOR).get("phases"));
    }

    /**
     * A deterministic all-to-all stochastic Kuramoto run of n oscillators (K = 2, σ = 0.3, dt = 0.05, ω around
     * 2π ± 0.5), java.util.Random seeded with n: partly synchronised, like the node's own network.
     */
    public static double[][] simulated(int n, int samples) {
        Random random = new Random(n);
        double dt = 0.05;
        double coupling = 2.0;
        double sigma = 0.3;
        double[] omega = new double[n];
        double[] theta = new double[n];
        for (int k = 0; k < n; k++) {
            omega[k] = 2 * Math.PI + 0.5 * (2 * random.nextDouble() - 1);
            theta[k] = 2 * Math.PI * random.nextDouble();
        }
        double[][] rows = new double[samples][n];
        double[] drift = new double[n];
        for (int s = 0; s < samples; s++) {
            for (int k = 0; k < n; k++) {
                double pull = 0;
                for (int j = 0; j < n; j++) {
                    pull += Math.sin(theta[j] - theta[k]);
                }
                drift[k] = omega[k] + coupling / n * pull;
            }
            for (int k = 0; k < n; k++) {
                theta[k] += drift[k] * dt + sigma * Math.sqrt(dt) * random.nextGaussian();
            }
            rows[s] = theta.clone();
        }
        return rows;
    }

    /** One row per sample, values as Double.toString (read back exactly by numpy.loadtxt). */
    public static void writeCsv(double[][] rows, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (double[] row : rows) {
                for (int k = 0; k < row.length; k++) {
                    out.write(k == 0 ? "" : ",");
                    out.write(Double.toString(row[k]));
                }
                out.write('\n');
            }
        }
    }
}
