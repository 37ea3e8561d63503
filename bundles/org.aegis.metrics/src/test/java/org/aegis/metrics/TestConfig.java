package org.aegis.metrics;

import java.util.Map;
import org.aegis.testing.Configs;

/** {@link MetricsConfig} as DS builds it: the given properties, the annotation's defaults for the rest. */
final class TestConfig {
    private TestConfig() {
    }

    static MetricsConfig defaults() {
        return with(Map.of());
    }

    static MetricsConfig with(Map<String, Object> properties) {
        return Configs.of(MetricsConfig.class, properties);
    }
}
