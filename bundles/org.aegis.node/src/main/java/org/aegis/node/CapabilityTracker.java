package org.aegis.node;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthState;

/** Which services of each required capability are registered, and the health components that follow from it. */
final class CapabilityTracker {
    private final Set<Capability> required;
    /** Per capability: each registered service (by its reference) and who provides it. */
    private final Map<Capability, Map<Object, String>> providers = new EnumMap<>(Capability.class);

    CapabilityTracker(Set<Capability> required) {
        this.required = Set.copyOf(required);
        for (Capability capability : Capability.values()) {
            providers.put(capability, new ConcurrentHashMap<>());
        }
    }

    void add(Capability capability, Object service, String provider) {
        providers.get(capability).put(service, provider);
    }

    void remove(Capability capability, Object service) {
        providers.get(capability).remove(service);
    }

    /** One component per required capability: UP naming its providers, or DEGRADED saying it is missing. */
    List<ComponentHealth> health() {
        List<ComponentHealth> components = new ArrayList<>();
        for (Capability capability : required) {
            List<String> names = providers.get(capability).values().stream().sorted().distinct().toList();
            components.add(names.isEmpty()
                    ? new ComponentHealth(capability.component(), HealthState.DEGRADED, capability.missing())
                    : new ComponentHealth(capability.component(), HealthState.UP, String.join(", ", names)));
        }
        return components;
    }
}
