package org.aegis.node;

import org.aegis.api.node.HealthIndicator;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * A health indicator bound to the node, fetched the first time health is asked for rather than when it is bound.
 * Components that are indicators often use the node service too; getting them while the node service itself is
 * being activated is a circular reference that SCR refuses, which would leave them out of the node's health.
 */
final class BoundIndicator {
    private final ComponentServiceObjects<HealthIndicator> objects;
    private HealthIndicator service;

    BoundIndicator(ComponentServiceObjects<HealthIndicator> objects) {
        this.objects = objects;
    }

    boolean isFor(ComponentServiceObjects<HealthIndicator> other) {
        return objects == other;
    }

    /** The indicator, or {@code null} while it cannot be had yet (it is still being activated). */
    synchronized HealthIndicator get() {
        if (service == null) {
            service = objects.getService();
        }
        return service;
    }

    synchronized void release() {
        if (service != null) {
            objects.ungetService(service);
            service = null;
        }
    }
}
