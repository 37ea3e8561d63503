package org.aegis.itests.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aegis.consensus.pbft.DropReason;
import org.aegis.itests.simulation.Simulation.Outcome;

/** The JSON summary of a batch of simulation runs: totals, then one entry per scenario. */
final class SimulationSummary {
    private SimulationSummary() {
    }

    record ScenarioTotals(int runs, long proposals, long decisions, long violations, long crashes, long partitions,
            long messages, long virtualSeconds, long maxSettledAfterMillis, long wallMillis,
            Map<DropReason, Long> honestDrops, List<Long> failedSeeds) {
    }

    record Summary(int seeds, long proposals, long decisions, long violations, List<Long> failedSeeds,
            long virtualSeconds, long wallMillis, long cpuMillis, long livenessBoundMillis,
            Map<String, ScenarioTotals> scenarios) {
    }

    static void write(Path file, List<Outcome> outcomes, long wallMillis, long cpuMillis) throws IOException {
        Map<String, ScenarioTotals> scenarios = new LinkedHashMap<>();
        for (Scenario scenario : Scenario.ALL) {
            List<Outcome> mine = outcomes.stream().filter(o -> o.scenario().equals(scenario.name())).toList();
            if (mine.isEmpty()) {
                continue;
            }
            Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
            mine.forEach(o -> o.drops().forEach((reason, count) -> drops.merge(reason, count, Long::sum)));
            scenarios.put(scenario.name(), new ScenarioTotals(mine.size(),
                    mine.stream().mapToLong(Outcome::proposals).sum(),
                    mine.stream().mapToLong(Outcome::decisions).sum(),
                    mine.stream().mapToLong(o -> o.violations().size()).sum(),
                    mine.stream().mapToLong(Outcome::crashes).sum(),
                    mine.stream().mapToLong(Outcome::partitions).sum(),
                    mine.stream().mapToLong(Outcome::messages).sum(),
                    mine.stream().mapToLong(Outcome::virtualMillis).sum() / 1000,
                    mine.stream().mapToLong(Outcome::settledAfterMillis).max().orElse(0),
                    mine.stream().mapToLong(Outcome::wallMillis).sum(), drops,
                    mine.stream().filter(o -> !o.violations().isEmpty()).map(Outcome::seed).toList()));
        }
        Summary summary = new Summary(outcomes.size(), outcomes.stream().mapToLong(Outcome::proposals).sum(),
                outcomes.stream().mapToLong(Outcome::decisions).sum(),
                outcomes.stream().mapToLong(o -> o.violations().size()).sum(),
                outcomes.stream().filter(o -> !o.violations().isEmpty()).map(Outcome::seed).toList(),
                outcomes.stream().mapToLong(Outcome::virtualMillis).sum() / 1000, wallMillis, cpuMillis,
                Simulation.LIVENESS_BOUND.toMillis(), scenarios);
        Files.createDirectories(file.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), summary);
    }
}
