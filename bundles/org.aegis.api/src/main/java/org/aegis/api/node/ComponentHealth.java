package org.aegis.api.node;

/**
 * Health of one component.
 *
 * @param component the component's name, as its {@link HealthIndicator} reports it (e.g. {@code store})
 * @param state     its state
 * @param detail    a short human-readable explanation, empty when there is nothing to say
 */
public record ComponentHealth(String component, HealthState state, String detail) {
}
