package org.aegis.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.aegis.testing.Configs;
import org.junit.jupiter.api.Test;

class TracingSettingsTest {
    @Test
    void theDefaultsAreOffAndLocal() {
        TracingSettings settings = TracingSettings.from(Configs.of(TracingConfig.class, Map.of()));
        assertFalse(settings.enabled());
        assertEquals(URI.create("http://localhost:4318/v1/traces"), settings.endpoint());
        assertEquals("aegis", settings.serviceName());
        assertEquals(0.1, settings.sampleRatio());
        assertEquals(Duration.ofSeconds(1), settings.exportDelay());
        assertEquals(Duration.ofSeconds(10), settings.exportTimeout());
        assertEquals(2048, settings.maxQueueSize());
        assertEquals(Map.of(), settings.headers());
    }

    @Test
    void headersAreNameValuePairsAndTheirValuesNeverShow() {
        TracingSettings settings = settings(Map.of("headers", " x-api-key = s3cret , tenant=blue"));
        assertEquals(Map.of("x-api-key", "s3cret", "tenant", "blue"), settings.headers());
        assertFalse(settings.toString().contains("s3cret"), settings::toString);
        assertTrue(settings.toString().contains("x-api-key"));
    }

    @Test
    void badValuesAreRefusedNamingTheSetting() {
        assertRefused("endpoint", Map.of("endpoint", "localhost:4318"));
        assertRefused("endpoint", Map.of("endpoint", "ftp://collector/v1/traces"));
        assertRefused("endpoint", Map.of("endpoint", "http://"));
        assertRefused("endpoint", Map.of("endpoint", "http://bad host/v1/traces"));
        assertRefused("sampleRatio", Map.of("sampleRatio", 1.5));
        assertRefused("sampleRatio", Map.of("sampleRatio", -0.1));
        assertRefused("sampleRatio", Map.of("sampleRatio", Double.NaN));
        assertRefused("exportDelayMs", Map.of("exportDelayMs", 0L));
        assertRefused("exportTimeoutMs", Map.of("exportTimeoutMs", -5L));
        assertRefused("maxQueueSize", Map.of("maxQueueSize", 0));
        assertRefused("serviceName", Map.of("serviceName", " "));
        assertRefused("headers", Map.of("headers", "x-api-key"));
        assertRefused("headers", Map.of("headers", "a=b,,c=d"));
        assertRefused("headers", Map.of("headers", "bad name=v"));
        assertRefused("headers", Map.of("headers", "x=line\nbreak"));
    }

    @Test
    void aRefusedHeaderNeverShowsItsValue() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of("headers", "x-api-key=s3cret\u0001")));
        assertFalse(refused.getMessage().contains("s3cret"), refused.getMessage());
    }

    private static void assertRefused(String setting, Map<String, Object> properties) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> settings(properties),
                properties::toString);
        assertTrue(refused.getMessage().startsWith("Invalid org.aegis.tracing configuration: " + setting),
                refused.getMessage());
    }

    private static TracingSettings settings(Map<String, Object> properties) {
        return TracingSettings.from(Configs.of(TracingConfig.class, properties));
    }
}
