package org.aegis.metrics;

import java.lang.reflect.Proxy;
import java.util.Map;

/** {@link MetricsConfig} as DS builds it: the given properties, the annotation's defaults for the rest. */
final class TestConfig {
    private TestConfig() {
    }

    static MetricsConfig defaults() {
        return with(Map.of());
    }

    static MetricsConfig with(Map<String, Object> properties) {
        return (MetricsConfig) Proxy.newProxyInstance(MetricsConfig.class.getClassLoader(),
                new Class<?>[] {MetricsConfig.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return MetricsConfig.class;
                        case "toString":
                            return "MetricsConfig" + properties;
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            return properties.containsKey(method.getName())
                                    ? properties.get(method.getName())
                                    : method.getDefaultValue();
                    }
                });
    }
}
