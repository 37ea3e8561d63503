package org.aegis.rest;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link RestConfig} with its Metatype defaults, some of them overridden, as Config Admin would hand it over. */
final class RestConfigs {
    private RestConfigs() {
    }

    static RestConfig with(Map<String, Object> overrides) {
        return (RestConfig) Proxy.newProxyInstance(RestConfig.class.getClassLoader(), new Class<?>[] {RestConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> RestConfig.class;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "RestConfig" + overrides;
                    default -> overrides.containsKey(method.getName()) ? overrides.get(method.getName())
                            : method.getDefaultValue();
                });
    }
}
