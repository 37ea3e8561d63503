package org.aegis.model.openai;

import java.util.HashMap;
import java.util.Map;
import org.aegis.testing.Configs;

/** {@link OpenAiConfig} as DS builds it, and settings made from it, for the tests. */
final class TestConfig {
    static final String PID = OpenAiConfig.FACTORY_PID + "~test";

    private TestConfig() {
    }

    static OpenAiConfig with(Map<String, Object> properties) {
        return Configs.of(OpenAiConfig.class, properties);
    }

    /** Settings for a provider of {@code server}'s base URL, with short timeouts, and these properties. */
    static ProviderSettings settings(String baseUrl, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>();
        all.put("baseUrl", baseUrl);
        all.put("connectTimeoutMs", 2_000L);
        all.put("requestTimeoutMs", 5_000L);
        all.put("streamIdleTimeoutMs", 5_000L);
        all.put("models", new String[] {"m", "e"});
        all.putAll(properties);
        return ProviderSettings.from(with(all), PID);
    }
}
