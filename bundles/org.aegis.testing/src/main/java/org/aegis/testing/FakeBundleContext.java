package org.aegis.testing;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

/**
 * The part of a {@link BundleContext} a component that registers its own services uses: registering them (and
 * unregistering through the registration) and finding them by one {@code (key=value)} filter. Any other call throws
 * {@link UnsupportedOperationException}.
 */
public final class FakeBundleContext {
    /** A registered service with its properties. */
    public record Registered(Object service, Map<String, Object> properties) {
    }

    private final List<Registered> registered = new CopyOnWriteArrayList<>();
    private final BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                case "registerService" -> register(args[1], (Dictionary<?, ?>) args[2]);
                case "getServiceReferences" -> find((String) args[1]);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    /** The context to hand to the component. */
    public BundleContext context() {
        return context;
    }

    /** The services registered and not unregistered, in registration order. */
    public List<Registered> registered() {
        return List.copyOf(registered);
    }

    private ServiceRegistration<?> register(Object service, Dictionary<?, ?> dictionary) {
        Map<String, Object> properties = new HashMap<>();
        for (Object key : Collections.list(dictionary.keys())) {
            properties.put((String) key, dictionary.get(key));
        }
        Registered entry = new Registered(service, Map.copyOf(properties));
        registered.add(entry);
        return (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("unregister")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    if (!registered.remove(entry)) {
                        throw new IllegalStateException("not registered");
                    }
                    return null;
                });
    }

    private Collection<ServiceReference<?>> find(String filter) {
        String[] keyValue = filter.substring(1, filter.length() - 1).split("=", 2);
        List<ServiceReference<?>> found = new ArrayList<>();
        for (Registered entry : registered) {
            if (keyValue[1].equals(entry.properties().get(keyValue[0]))) {
                found.add((ServiceReference<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> {
                            throw new UnsupportedOperationException(method.getName());
                        }));
            }
        }
        return found;
    }
}
