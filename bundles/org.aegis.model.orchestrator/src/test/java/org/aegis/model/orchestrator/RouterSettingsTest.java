package org.aegis.model.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterSettingsTest {

    private static RouterSettings of(Map<String, Object> config) {
        return RouterFixture.settings(config);
    }

    private static String refused(Map<String, Object> config) {
        String message = assertThrows(IllegalArgumentException.class, () -> of(config)).getMessage();
        assertTrue(message.startsWith("Invalid configuration org.aegis.model.orchestrator: "), message);
        return message;
    }

    @Test
    void defaultsLetANodeStartWithNothingConfigured() {
        RouterSettings s = of(Map.of());
        assertEquals("", s.defaultModel());
        assertEquals(Map.of(), s.fallback());
        assertEquals(new ModelLimits(16, 4096, Duration.ofSeconds(60)), s.limits("any"));
        assertEquals(new BreakerSettings(5, 0.5, 20, Duration.ofSeconds(30)), s.breaker());
        assertEquals(Duration.ofSeconds(120), s.deadline());
        assertEquals(Duration.ofSeconds(30), s.streamIdleTimeout());
    }

    @Test
    void fallbackChainsReadBothForms() {
        RouterSettings s = of(Map.of("fallback", new String[] {"gpt-4o -> gpt-4o-mini -> aegis-local-char",
            " other->aegis-local-char "}));
        assertEquals(List.of("gpt-4o", "gpt-4o-mini", "aegis-local-char"), s.chain("gpt-4o"));
        assertEquals(List.of("other", "aegis-local-char"), s.chain("other"));
        assertEquals(List.of("aegis-local-char"), s.chain("aegis-local-char"));
    }

    @Test
    void cyclesInTheFallbackChainAreRefusedAndShown() {
        String message = refused(Map.of("fallback", new String[] {"a -> b", "b -> c", "c -> a"}));
        assertTrue(message.contains("cycle: a -> b -> c -> a"), message);
        assertTrue(refused(Map.of("fallback", new String[] {"a -> a"})).contains("cycle"));
    }

    @Test
    void aModelHasOneNextModel() {
        assertTrue(refused(Map.of("fallback", new String[] {"a -> b", "a -> c"})).contains("two next models"));
        assertTrue(refused(Map.of("fallback", new String[] {"a b"})).contains("has no '->'"));
        assertTrue(refused(Map.of("fallback", new String[] {"a -> "})).contains("empty model name"));
    }

    @Test
    void perModelLimitsOverrideTheDefaults() {
        RouterSettings s = of(Map.of("maxTokens", 100, "modelLimits",
                new String[] {"gpt-4o-mini: maxConcurrent=4, timeoutMs=2500", "llama3:8b: maxTokens=50"}));
        assertEquals(new ModelLimits(4, 100, Duration.ofMillis(2500)), s.limits("gpt-4o-mini"));
        assertEquals(new ModelLimits(16, 50, Duration.ofSeconds(60)), s.limits("llama3:8b"));
    }

    @Test
    void badLimitsAreRefusedWithTheirName() {
        assertTrue(refused(Map.of("maxConcurrent", -1)).contains("maxConcurrent -1"));
        assertTrue(refused(Map.of("maxTokens", 0)).contains("maxTokens 0"));
        assertTrue(refused(Map.of("timeoutMs", -5L)).contains("timeoutMs -5"));
        assertTrue(refused(Map.of("breakerFailureRate", 1.5)).contains("breakerFailureRate 1.5"));
        assertTrue(refused(Map.of("breakerCooldownMs", 0L)).contains("breakerCooldownMs 0"));
        assertTrue(refused(Map.of("modelRefreshMs", 10L)).contains("modelRefreshMs 10"));
        assertTrue(refused(Map.of("providerWaitMs", -1L)).contains("providerWaitMs -1"));
        assertTrue(refused(Map.of("modelLimits", new String[] {"m: maxConcurrent=-2"}))
                .contains("modelLimits m maxConcurrent -2"));
        assertTrue(refused(Map.of("modelLimits", new String[] {"m: speed=2"})).contains("'speed=2' is not one of"));
        assertTrue(refused(Map.of("modelLimits", new String[] {"m: maxTokens=lots"})).contains("not a whole number"));
        assertTrue(refused(Map.of("modelLimits", new String[] {"m: maxTokens=1", "m: maxTokens=2"}))
                .contains("two entries"));
    }
}
