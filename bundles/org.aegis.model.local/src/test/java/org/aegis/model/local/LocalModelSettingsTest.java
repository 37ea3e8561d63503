package org.aegis.model.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.aegis.testing.Configs;
import org.aegis.testing.InMemoryStore;
import org.junit.jupiter.api.Test;

class LocalModelSettingsTest {
    @Test
    void defaultsAreValid() {
        LocalModelSettings settings = LocalModelSettings.from(config(Map.of()));
        assertEquals("aegis-local-char", settings.modelId());
        assertEquals(new TrainingSettings(42, 20000, 32, 0.006, 16, 16, 192), settings.training());
        assertEquals(200, settings.defaultMaxTokens());
    }

    @Test
    void invalidValuesAreRefusedNamingTheProperty() {
        assertRefused("modelId must not be blank", Map.of("modelId", " "));
        assertRefused("trainingSteps must be in [1, 10000000], was 0", Map.of("trainingSteps", 0));
        assertRefused("learningRate must be in (0, 1], was NaN", Map.of("learningRate", Double.NaN));
        assertRefused("hiddenSize must be in [1, 4096], was 5000", Map.of("hiddenSize", 5000));
        assertRefused("defaultMaxTokens must be in [1, 100]", Map.of("defaultMaxTokens", 200, "maxTokensLimit", 100));
        assertRefused("maxConcurrentRequests must be in [1, 64], was 0", Map.of("maxConcurrentRequests", 0));
        assertRefused("queueCapacity must be in [0, 10000], was -1", Map.of("queueCapacity", -1));
        assertRefused("topK must be in [0, 1000], was -2", Map.of("topK", -2));
    }

    @Test
    void theComponentRefusesAnInvalidConfigurationAndStartsNoThread() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LocalModelProvider(config(Map.of("batchSize", 0)), new InMemoryStore()));
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith(LocalModelProvider.REQUEST_THREAD)));
    }

    private static void assertRefused(String expected, Map<String, Object> properties) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LocalModelSettings.from(config(properties)));
        assertTrue(e.getMessage().startsWith("org.aegis.model.local: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static LocalModelConfig config(Map<String, Object> properties) {
        return Configs.of(LocalModelConfig.class, properties);
    }
}
