package org.aegis.model.orchestrator;

import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthIndicator;
import org.aegis.api.node.HealthState;
import org.aegis.api.router.ProviderStatus;

/** One provider's health as the node reports it: DOWN while its circuit is open, DEGRADED while half-open. */
final class ProviderHealth implements HealthIndicator {
    static final String PREFIX = "model-provider:";

    private final ProviderSlot slot;

    ProviderHealth(ProviderSlot slot) {
        this.slot = slot;
    }

    @Override
    public String component() {
        return PREFIX + slot.id();
    }

    @Override
    public ComponentHealth health() {
        ProviderStatus status = slot.status();
        String lastError = status.lastError() == null ? "" : "; last error: " + status.lastError();
        return switch (status.circuit()) {
            case OPEN -> new ComponentHealth(component(), HealthState.DOWN, "circuit open" + lastError);
            case HALF_OPEN -> new ComponentHealth(component(), HealthState.DEGRADED,
                    "circuit half-open, a trial request decides" + lastError);
            case CLOSED -> status.models().isEmpty()
                    ? new ComponentHealth(component(), HealthState.DEGRADED, "serves no model" + lastError)
                    : new ComponentHealth(component(), HealthState.UP, "models " + String.join(", ", status.models())
                            + "; " + status.requests() + " requests, " + status.errors() + " errors");
        };
    }
}
