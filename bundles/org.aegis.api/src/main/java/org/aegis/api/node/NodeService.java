package org.aegis.api.node;

import org.osgi.annotation.versioning.ProviderType;

/** The node runtime: what the node is, how its components are, and the bus that carries its events. */
@ProviderType
public interface NodeService {
    NodeStatus status();

    /** The health of every registered {@link HealthIndicator}, plus every required component that is missing. */
    NodeHealth health();

    /**
     * Publishes an event to every {@link NodeEventListener} whose topics match. Delivery is asynchronous,
     * in publication order; a failing listener never affects the publisher or the other listeners.
     */
    void publish(NodeEvent event);
}
