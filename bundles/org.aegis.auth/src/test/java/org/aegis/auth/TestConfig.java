package org.aegis.auth;

import java.lang.reflect.Proxy;
import java.util.Map;

/** {@link AuthConfig} as DS builds it: the given properties, the annotation's defaults for the rest. */
final class TestConfig {
    private TestConfig() {
    }

    static AuthConfig defaults() {
        return with(Map.of());
    }

    static AuthConfig with(Map<String, Object> properties) {
        return (AuthConfig) Proxy.newProxyInstance(AuthConfig.class.getClassLoader(),
                new Class<?>[] {AuthConfig.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "annotationType":
                            return AuthConfig.class;
                        case "toString":
                            return "AuthConfig" + properties;
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
