package org.aegis.model.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderSettingsTest {
    private static ProviderSettings from(Map<String, Object> properties) {
        return ProviderSettings.from(TestConfig.with(properties), "org.aegis.model.openai~ollama");
    }

    private static void assertRefused(Map<String, Object> properties, String... expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> from(properties));
        for (String part : expected) {
            assertTrue(e.getMessage().contains(part), () -> "'" + part + "' expected in: " + e.getMessage());
        }
        assertTrue(e.getMessage().startsWith("Invalid org.aegis.model.openai configuration: "), e.getMessage());
    }

    @Test
    void defaultsTalkToALocalOllamaAndDiscoverItsModels() {
        ProviderSettings settings = from(Map.of());
        assertEquals("ollama", settings.id());
        assertEquals(URI.create("http://127.0.0.1:11434/v1"), settings.baseUri());
        assertEquals(URI.create("http://127.0.0.1:11434/v1/chat/completions"), settings.endpoint("/chat/completions"));
        assertEquals(ApiKey.NONE, settings.apiKey());
        assertTrue(settings.discovers());
        assertEquals(Set.of("chat", "embeddings"), settings.capabilities());
        assertEquals(Duration.ofMinutes(5), settings.discoveryInterval());
        assertEquals(Duration.ofSeconds(5), settings.connectTimeout());
        assertEquals(Duration.ofMinutes(2), settings.requestTimeout());
        assertEquals(Duration.ofMinutes(1), settings.streamIdleTimeout());
        assertEquals(16, settings.maxConcurrentRequests());
        assertEquals(8 * 1024 * 1024, settings.maxResponseBytes());
    }

    @Test
    void idIsTheConfiguredOneOrTheWholePidWithoutAName() {
        assertEquals("vllm-1", from(Map.of("providerId", " vllm-1 ")).id());
        assertEquals("org.aegis.model.openai.2f1d", ProviderSettings.from(TestConfig.with(Map.of()),
                "org.aegis.model.openai.2f1d").id());
        assertRefused(Map.of("providerId", "has space"), "providerId 'has space'");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProviderSettings.from(TestConfig.with(Map.of()), "org.aegis.model.openai~my server"));
        assertTrue(e.getMessage().contains("(from the PID org.aegis.model.openai~my server)"), e.getMessage());
    }

    @Test
    void baseUrlLosesItsTrailingSlashes() {
        assertEquals(URI.create("https://api.example.com/v1"),
                from(Map.of("baseUrl", " https://api.example.com/v1// ")).baseUri());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "127.0.0.1:11434/v1", "ftp://host/v1", "http://", "http:///v1", "not a url",
            "http://host/v1?key=1", "http://host/v1#x", "http://user:secret@host/v1"})
    void badBaseUrlsAreRefused(String baseUrl) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> from(Map.of("baseUrl", baseUrl)));
        assertTrue(e.getMessage().contains("baseUrl"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "credentials in the message: " + e.getMessage());
    }

    @Test
    void negativeOrZeroTimeoutsAndLimitsAreRefused() {
        assertRefused(Map.of("connectTimeoutMs", -1L), "connectTimeoutMs -1 is out of range");
        assertRefused(Map.of("requestTimeoutMs", 0L), "requestTimeoutMs 0");
        assertRefused(Map.of("streamIdleTimeoutMs", -5L), "streamIdleTimeoutMs -5");
        assertRefused(Map.of("requestTimeoutMs", 3_600_001L), "requestTimeoutMs 3600001");
        assertRefused(Map.of("discoveryIntervalMs", -1L), "discoveryIntervalMs -1");
        assertRefused(Map.of("discoveryIntervalMs", 999L), "discoveryIntervalMs 999");
        assertRefused(Map.of("maxConcurrentRequests", 0), "maxConcurrentRequests 0");
        assertRefused(Map.of("maxResponseBytes", 100), "maxResponseBytes 100");
        assertEquals(Duration.ZERO, from(Map.of("discoveryIntervalMs", 0L)).discoveryInterval());
    }

    @Test
    void listsAreSplitAtCommasAndBlanksMeanNone() {
        ProviderSettings settings = from(Map.of("models", new String[] {"llama3.2:1b, nomic-embed-text", " qwen "},
                "capabilities", new String[] {"chat"}));
        assertEquals(List.of("llama3.2:1b", "nomic-embed-text", "qwen"), settings.models());
        assertFalse(settings.discovers());
        assertEquals(Set.of("chat"), settings.capabilities());
        assertTrue(from(Map.of("models", new String[] {""})).discovers());
        assertRefused(Map.of("models", new String[] {"a, a"}), "models lists 'a' twice");
        assertRefused(Map.of("capabilities", new String[] {"chat, vision"}), "capabilities has 'vision'");
        assertRefused(Map.of("capabilities", new String[] {" "}), "capabilities is empty");
    }

    @Test
    void aKeyOverPlainHttpBeyondLoopbackIsNoticed() {
        assertFalse(from(Map.of("apiKey", "k")).keySentInClear());
        assertFalse(from(Map.of("apiKey", "k", "baseUrl", "http://[::1]:8000/v1")).keySentInClear());
        assertFalse(from(Map.of("apiKey", "k", "baseUrl", "https://gpu.lan/v1")).keySentInClear());
        assertFalse(from(Map.of("baseUrl", "http://gpu.lan/v1")).keySentInClear());
        assertTrue(from(Map.of("apiKey", "k", "baseUrl", "http://gpu.lan/v1")).keySentInClear());
    }

    @Test
    void theKeyIsMaskedAndNeverInAnError() {
        ProviderSettings settings = from(Map.of("apiKey", "sk-secret-42"));
        assertEquals("Bearer sk-secret-42", settings.apiKey().bearer().orElseThrow());
        assertFalse(settings.toString().contains("sk-secret-42"), settings.toString());
        assertTrue(settings.toString().contains("apiKey=****"), settings.toString());
        assertEquals("key **** rejected", settings.apiKey().redact("key sk-secret-42 rejected"));
        assertEquals("(none)", ApiKey.NONE.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> from(Map.of("apiKey", "sk-secret\r\nX-Evil: 1")));
        assertTrue(e.getMessage().contains("apiKey has a space, control or non-ASCII character at position 9"),
                e.getMessage());
        assertFalse(e.getMessage().contains("sk-secret"), e.getMessage());
    }
}
