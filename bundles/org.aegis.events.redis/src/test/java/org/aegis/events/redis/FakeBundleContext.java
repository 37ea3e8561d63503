package org.aegis.events.redis;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/** The part of a {@link BundleContext} the component uses: registering services, finding them by one (key=value). */
final class FakeBundleContext {
    /** A registered service with its properties. */
    record Registered(Object service, Map<String, Object> properties) {
    }

    final List<Registered> registered = new CopyOnWriteArrayList<>();
    final BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                case "registerService" -> register(args[1], (Dictionary<?, ?>) args[2]);
                case "getServiceReferences" -> find((String) args[1]);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private ServiceRegistration<?> register(Object service, Dictionary<?, ?> dictionary) {
        Map<String, Object> properties = new HashMap<>();
        for (Object key : Collections.list(dictionary.keys())) {
            properties.put((String) key, dictionary.get(key));
        }
        Registered entry = new Registered(service, Map.copyOf(properties));
        registered.add(entry);
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("unregister") || !registered.remove(entry)) {
                        throw new IllegalStateException(method.getName());
                    }
                    return null;
                });
    }

    private List<ServiceReference<?>> find(String filter) {
        String[] keyValue = filter.substring(1, filter.length() - 1).split("=", 2);
        return registered.stream().filter(entry -> keyValue[1].equals(entry.properties().get(keyValue[0])))
                .<ServiceReference<?>>map(entry -> (ServiceReference<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> {
                            throw new UnsupportedOperationException(method.getName());
                        }))
                .toList();
    }
}
