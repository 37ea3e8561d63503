package org.aegis.api.node;

import java.util.List;

/**
 * Health of the whole node.
 *
 * @param overall    the worst state of any component
 * @param components every component, sorted by name
 */
public record NodeHealth(HealthState overall, List<ComponentHealth> components) {
}
