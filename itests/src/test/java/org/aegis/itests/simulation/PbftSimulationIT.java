package org.aegis.itests.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.aegis.itests.simulation.Simulation.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The seeded PBFT simulations: seeds 1..{@code sim.seeds} (default {@value #CI_SEEDS}), each running the
 * {@link Scenario} it picks, must show no violation of agreement, validity, integrity or liveness. A summary
 * goes to {@code target/bench/pbft-sim.json}. {@code -Dsim.seed=S} runs seed S alone; {@code -Dsim.seeds=1000}
 * is the long run.
 */
class PbftSimulationIT {
    static final int CI_SEEDS = 150;
    private static final List<Outcome> OUTCOMES = new ArrayList<>();
    private static final long WALL_START = System.nanoTime();
    private static final long CPU_START = processCpuNanos();

    @TestFactory
    Stream<DynamicTest> everySeedKeepsSafetyAndLiveness() {
        String single = System.getProperty("sim.seed");
        LongStream seeds = single != null && !single.isBlank() ? LongStream.of(Long.parseLong(single.trim()))
                : LongStream.rangeClosed(1, Long.getLong("sim.seeds", CI_SEEDS));
        return seeds.mapToObj(seed -> {
            Scenario scenario = Scenario.forSeed(seed);
            return DynamicTest.dynamicTest("seed " + seed + " " + scenario.name(), () -> runSeed(scenario, seed));
        });
    }

    private static void runSeed(Scenario scenario, long seed) {
        Outcome outcome;
        try {
            outcome = new Simulation(scenario, seed).run();
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("seed " + seed + " (" + scenario.name() + ") failed: " + e + "\n" + reproduce(seed), e);
        }
        synchronized (OUTCOMES) {
            OUTCOMES.add(outcome);
        }
        if (!outcome.violations().isEmpty()) {
            fail("seed " + seed + " (" + scenario.name() + "): " + String.join("\n  ", outcome.violations()) + "\n"
                    + reproduce(seed));
        }
    }

    static String reproduce(long seed) {
        return "Reproduce: mvn -B -o -pl itests verify -Dtest=PbftSimulationIT -Dsim.seed=" + seed
                + " -Dsurefire.failIfNoSpecifiedTests=false";
    }

    @Test
    void aSeedReplaysTheSameRun() {
        for (long seed : new long[] {3, 10}) {
            Outcome first = new Simulation(Scenario.forSeed(seed), seed).run();
            Outcome second = new Simulation(Scenario.forSeed(seed), seed).run();
            assertTrue(first.decisions() > 0, "seed " + seed + " decided something");
            assertEquals(first.fingerprint(), second.fingerprint(), "seed " + seed + ": same decisions, same order");
            assertEquals(first.messages(), second.messages(), "seed " + seed + ": same traffic");
            assertEquals(first.virtualMillis(), second.virtualMillis(), "seed " + seed + ": same virtual time");
        }
    }

    @AfterAll
    static void writeSummary() throws Exception {
        if (OUTCOMES.isEmpty()) {
            return;
        }
        Path file = Path.of(System.getProperty("project.build.directory", "target"), "bench", "pbft-sim.json");
        SimulationSummary.write(file, OUTCOMES, (System.nanoTime() - WALL_START) / 1_000_000,
                (processCpuNanos() - CPU_START) / 1_000_000);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
