package org.aegis.api.node;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: a component that reports its health. The node service collects every registered
 * indicator; a required component whose indicator is not registered counts as {@link HealthState#DOWN}.
 *
 * <p>Threading: the node asks every indicator each time its health is read (a REST {@code /health} request, the
 * shell's health command), so an indicator is called from request threads, concurrently with itself and with the
 * component's own work: it must be thread-safe, quick and non-blocking. Report state the component already keeps;
 * do not probe the network or storage here.
 *
 * <p>Errors: an indicator that throws, or answers {@code null} or a health without a state, is reported as a
 * {@link HealthState#DOWN} component with the failure as its detail; the health read itself does not fail. No
 * service property is read; {@code service.ranking} is ignored.
 *
 * <p>Hot swap: the node gets the service object the first time health is read after it is registered, and releases
 * it when it is unregistered. While the component's bundle is stopped or being updated its indicator is absent: a
 * component named in the node's {@code requiredComponents} shows as {@link HealthState#DOWN} ("not running"), any
 * other simply disappears from the report, until the new instance registers.
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so an indicator built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface HealthIndicator {
    /**
     * The component's name, stable across restarts (e.g. {@code store}, {@code identity}). Read on every health read;
     * it names the entry in the report (the name in {@link ComponentHealth#component()} is not used). Indicators
     * with the same name are merged: the worst state wins.
     */
    String component();

    /** The component's current health. Must be quick and must not block; called on every health read. */
    ComponentHealth health();
}
