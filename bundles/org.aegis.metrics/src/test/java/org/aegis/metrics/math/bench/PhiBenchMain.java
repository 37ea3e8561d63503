package org.aegis.metrics.math.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the Φ benchmarks (the bench profile of the metrics pom): writes the measured windows as CSV for the numpy
 * timing, then JMH with one fork, one thread, a heap of 1 GiB, short iterations.
 *
 * <p>Arguments: the JMH JSON result file, the folder for the window CSVs, a regular expression of benchmarks.
 */
public final class PhiBenchMain {
    private PhiBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path result = Path.of(args[0]).toAbsolutePath();
        Path windows = Path.of(args[1]).toAbsolutePath();
        String include = args.length > 2 ? args[2] : PhiBenchMain.class.getPackageName() + ".*";
        BenchWindows.writeCsv(BenchWindows.vector(), windows.resolve("phi-vector-n13-T1200.csv"));
        for (String n : PhiScalingBenchmark.class.getField("oscillators")
                .getAnnotation(org.openjdk.jmh.annotations.Param.class).value()) {
            int oscillators = Integer.parseInt(n);
            BenchWindows.writeCsv(BenchWindows.simulated(oscillators, BenchWindows.SAMPLES),
                    windows.resolve("phi-n" + oscillators + "-T" + BenchWindows.SAMPLES + ".csv"));
        }
        Files.createDirectories(result.getParent());
        Options options = new OptionsBuilder()
                .include(include)
                .forks(1)
                .threads(1)
                .jvmArgs("-Xmx1g")
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .resultFormat(ResultFormatType.JSON)
                .result(result.toString())
                .build();
        new Runner(options).run();
    }
}
