package org.aegis.model.orchestrator;

import org.aegis.api.Registration;
import org.aegis.api.node.HealthIndicator;

/** Makes a health indicator visible to the node (as an OSGi service); closing the registration withdraws it. */
@FunctionalInterface
interface HealthPublisher {
    Registration publish(HealthIndicator indicator);
}
