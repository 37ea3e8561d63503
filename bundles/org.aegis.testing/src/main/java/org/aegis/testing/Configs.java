package org.aegis.testing;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.Map;

/** A component property type (a DS configuration annotation) as DS builds it, for unit tests. */
public final class Configs {
    private Configs() {
    }

    /** The given properties, keyed by method name; the annotation's defaults for the rest. */
    public static <A extends Annotation> A of(Class<A> type, Map<String, Object> properties) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> switch (method.getName()) {
                    case "annotationType" -> type;
                    case "toString" -> type.getSimpleName() + properties;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> properties.containsKey(method.getName()) ? properties.get(method.getName())
                            : method.getDefaultValue();
                }));
    }
}
