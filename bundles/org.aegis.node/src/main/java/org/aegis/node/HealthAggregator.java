package org.aegis.node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthIndicator;
import org.aegis.api.node.HealthState;
import org.aegis.api.node.NodeHealth;

/** Combines the health indicators into the node's health: the overall state is the worst component's. */
final class HealthAggregator {
    private HealthAggregator() {
    }

    /**
     * @param indicators  the registered indicators
     * @param required    components whose indicator must be registered: a missing one is DOWN
     * @param contributed components the node itself reports; one named like an indicator's shows the worse of both
     */
    static NodeHealth aggregate(Iterable<HealthIndicator> indicators, Set<String> required,
            List<ComponentHealth> contributed) {
        TreeMap<String, ComponentHealth> byName = new TreeMap<>();
        for (HealthIndicator indicator : indicators) {
            merge(byName, check(indicator));
        }
        for (ComponentHealth health : contributed) {
            merge(byName, health);
        }
        for (String name : required) {
            byName.putIfAbsent(name, new ComponentHealth(name, HealthState.DOWN, "not running"));
        }
        List<ComponentHealth> components = new ArrayList<>(byName.values());
        HealthState overall = components.stream().map(ComponentHealth::state)
                .max(Comparator.naturalOrder()).orElse(HealthState.UP);
        return new NodeHealth(overall, List.copyOf(components));
    }

    /** Keeps the worse of two components of one name; the first on a tie. */
    private static void merge(TreeMap<String, ComponentHealth> byName, ComponentHealth health) {
        byName.merge(health.component(), health, (a, b) -> a.state().compareTo(b.state()) >= 0 ? a : b);
    }

    /** An indicator that throws or answers nonsense is itself a DOWN component, never a failed health check. */
    private static ComponentHealth check(HealthIndicator indicator) {
        String name;
        try {
            name = indicator.component();
        } catch (RuntimeException e) {
            name = indicator.getClass().getName();
        }
        try {
            ComponentHealth health = indicator.health();
            if (health == null || health.state() == null) {
                return new ComponentHealth(name, HealthState.DOWN, "health indicator gave no state");
            }
            return new ComponentHealth(name, health.state(), health.detail() == null ? "" : health.detail());
        } catch (RuntimeException e) {
            return new ComponentHealth(name, HealthState.DOWN, "health check failed: " + e);
        }
    }
}
