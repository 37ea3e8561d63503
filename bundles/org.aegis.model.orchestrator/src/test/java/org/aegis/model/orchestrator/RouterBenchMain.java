package org.aegis.model.orchestrator;

import java.nio.file.Files;
import java.nio.file.Path;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link RouterOverheadBenchmark} (the bench profile of the orchestrator pom): one fork, one thread, short
 * iterations; the JMH JSON result goes to the path given as the first argument.
 */
public final class RouterBenchMain {
    private RouterBenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Path result = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(result.getParent());
        Options options = new OptionsBuilder()
                .include(RouterOverheadBenchmark.class.getName())
                .forks(1)
                .threads(1)
                .jvmArgs("-Xmx256m")
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(2))
                .resultFormat(ResultFormatType.JSON)
                .result(result.toString())
                .build();
        new Runner(options).run();
    }
}
