package org.aegis.monitoring;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ResourceInfo;

/**
 * A GET request matched to a resource method, and its 200 answer, for driving the request filters outside a JAX-RS
 * runtime. The filters call only argument-free methods of the contexts on their path, and the fakes answer those
 * without allocating (no argument array, a boxed status made once), so allocation measured around the filters is
 * the filters' own.
 */
final class FakeRequests {
    private static final Integer OK = 200;

    final Map<String, Object> properties = new HashMap<>();
    final ContainerRequestContext request = fake(ContainerRequestContext.class, (name, args) -> switch (name) {
        case "getMethod" -> "GET";
        case "getProperty" -> properties.get((String) args[0]);
        case "setProperty" -> properties.put((String) args[0], args[1]);
        default -> throw new UnsupportedOperationException(name);
    });
    final ContainerResponseContext ok = fake(ContainerResponseContext.class, (name, args) -> OK);
    /** The resource method the current request matched; {@code null}: none. */
    volatile Method matched;
    final ResourceInfo resourceInfo = fake(ResourceInfo.class, (name, args) -> switch (name) {
        case "getResourceClass" -> matched == null ? null : matched.getDeclaringClass();
        case "getResourceMethod" -> matched;
        default -> throw new UnsupportedOperationException(name);
    });

    private interface Answer {
        Object of(String method, Object[] args);
    }

    private static <T> T fake(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.of(method.getName(), args)));
    }
}
