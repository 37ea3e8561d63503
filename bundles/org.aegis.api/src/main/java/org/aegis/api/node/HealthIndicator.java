package org.aegis.api.node;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: a component that reports its health. The node service collects every registered
 * indicator; a required component whose indicator is not registered counts as {@link HealthState#DOWN}.
 */
@ConsumerType
public interface HealthIndicator {
    /** The component's name, stable across restarts (e.g. {@code store}, {@code identity}). */
    String component();

    /** The component's current health. Must be quick and must not block. */
    ComponentHealth health();
}
