package org.aegis.consensus.pbft.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.aegis.testing.Configs;
import org.junit.jupiter.api.Test;

class PbftSettingsTest {

    private static PbftSettings settings(Map<String, Object> properties) {
        return PbftSettings.from(Configs.of(PbftEngineConfig.class, properties));
    }

    @Test
    void theDefaultsStartANetworkOfOne() {
        PbftSettings s = settings(Map.of());
        assertEquals(List.of(), s.replica().validators());
        assertEquals(64, s.replica().maxBatchSize());
        assertEquals(Duration.ofMillis(20), s.replica().batchTimeout());
        assertEquals(16, s.replica().pipelineWindow());
        assertEquals(64, s.replica().checkpointInterval());
        assertEquals(128, s.replica().watermarkWindow());
        assertEquals(Duration.ofSeconds(4), s.replica().viewChangeTimeout());
        assertEquals(Duration.ofMinutes(1), s.metricsReportInterval());
    }

    @Test
    void validatorsAreTrimmedAndBlanksIgnored() {
        assertEquals(List.of("a", "b"), settings(Map.of("validators", new String[] {" a", "", "b "}))
                .replica().validators());
    }

    @Test
    void invalidValuesAreRefusedByName() {
        assertRefused(Map.of("validators", new String[] {"a", "a"}), "listed twice");
        assertRefused(Map.of("maxBatchSize", 0), "maxBatchSize");
        assertRefused(Map.of("pipelineWindow", 200), "pipelineWindow");
        assertRefused(Map.of("checkpointInterval", 0), "checkpointInterval");
        assertRefused(Map.of("viewChangeTimeoutMs", 0L), "viewChangeTimeoutMs");
        assertRefused(Map.of("viewChangeTimeoutMs", 10_000L, "maxViewChangeTimeoutMs", 5000L), "maxViewChangeTimeout");
        assertRefused(Map.of("batchTimeoutMs", -1L), "batchTimeoutMs");
        assertRefused(Map.of("metricsReportIntervalMs", 10L), "metricsReportIntervalMs");
    }

    private static void assertRefused(Map<String, Object> properties, String named) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(properties));
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }
}
