package org.aegis.node;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A kind of plugin a node needs to do its job, tracked as a service rather than through a health indicator: when
 * its bundle is stopped or uninstalled its indicator (if it has one) goes with it, so nothing would be left to say
 * it is missing.
 */
enum Capability {
    CONSENSUS("consensus", "no consensus engine installed"),
    TRANSPORT("transport", "no transport installed");

    private final String component;
    private final String missing;

    Capability(String component, String missing) {
        this.component = component;
        this.missing = missing;
    }

    /** The component name in the node's health, as the configuration names it. */
    String component() {
        return component;
    }

    /** The detail of the DEGRADED component while no service of the kind is registered. */
    String missing() {
        return missing;
    }

    /**
     * Parses a comma-separated list of component names.
     *
     * @throws IllegalArgumentException for a name that is not a capability, listing those that are
     */
    static Set<Capability> parse(String list) {
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        for (String name : NodeRuntime.parseComponents(list)) {
            capabilities.add(Arrays.stream(values()).filter(c -> c.component.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("Invalid configuration " + NodeConfig.PID
                            + ": requiredCapabilities names '" + name + "'; known are "
                            + Arrays.stream(values()).map(Capability::component).collect(Collectors.toList()))));
        }
        return capabilities;
    }
}
