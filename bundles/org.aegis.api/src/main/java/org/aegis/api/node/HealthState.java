package org.aegis.api.node;

/** Health of a component, from best to worst. */
public enum HealthState {
    /** Working as configured. */
    UP,
    /** Working, with reduced capacity or a recoverable problem. */
    DEGRADED,
    /** Not working. */
    DOWN
}
