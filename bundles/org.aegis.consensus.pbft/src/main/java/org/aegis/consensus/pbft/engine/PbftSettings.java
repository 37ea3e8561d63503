package org.aegis.consensus.pbft.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.aegis.consensus.pbft.PbftConfig;

/** The checked configuration: the replica's {@link PbftConfig} and the engine's own settings. */
record PbftSettings(PbftConfig replica, Duration metricsReportInterval) {

    /** @throws IllegalArgumentException naming the property that is out of range */
    static PbftSettings from(PbftEngineConfig c) {
        // a .cfg file gives one comma-separated string; peer ids never contain commas
        List<String> validators = c.validators() == null ? List.of()
                : Arrays.stream(c.validators()).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                        .filter(s -> !s.isEmpty()).toList();
        PbftConfig replica = new PbftConfig(validators, c.maxBatchSize(),
                millis("batchTimeoutMs", c.batchTimeoutMs(), 0, 60_000), c.pipelineWindow(), c.checkpointInterval(),
                millis("viewChangeTimeoutMs", c.viewChangeTimeoutMs(), 1, 3_600_000),
                millis("maxViewChangeTimeoutMs", c.maxViewChangeTimeoutMs(), 1, 86_400_000),
                millis("retransmitIntervalMs", c.retransmitIntervalMs(), 1, 3_600_000), c.maxProposalsInFlight());
        long report = c.metricsReportIntervalMs();
        if (report != 0) {
            millis("metricsReportIntervalMs", report, 1000, 86_400_000);
        }
        return new PbftSettings(replica, Duration.ofMillis(report));
    }

    private static Duration millis(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(PbftEngineConfig.PID + ": " + name + " must be " + min + " to " + max
                    + ", not " + value);
        }
        return Duration.ofMillis(value);
    }
}
