package org.aegis.auth;

import java.util.Map;
import org.aegis.testing.Configs;

/** {@link AuthConfig} as DS builds it: the given properties, the annotation's defaults for the rest. */
final class TestConfig {
    private TestConfig() {
    }

    static AuthConfig defaults() {
        return with(Map.of());
    }

    static AuthConfig with(Map<String, Object> properties) {
        return Configs.of(AuthConfig.class, properties);
    }
}
