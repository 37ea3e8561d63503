package org.aegis.rest;

import java.lang.reflect.Proxy;
import org.aegis.api.audit.AuditEntry;
import org.aegis.api.audit.AuditLog;

/** A {@link ConsensusResource} activated outside OSGi, with an audit log that takes every record. */
final class ConsensusResources {
    private ConsensusResources() {
    }

    static void activate(ConsensusResource resource, long engineWaitMs) {
        resource.activate((RestConfig) Proxy.newProxyInstance(ConsensusResources.class.getClassLoader(),
                new Class<?>[] {RestConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "engineWaitMs" -> engineWaitMs;
                    default -> throw new UnsupportedOperationException(method.getName());
                }));
        resource.audit = (AuditLog) Proxy.newProxyInstance(ConsensusResources.class.getClassLoader(),
                new Class<?>[] {AuditLog.class}, (proxy, method, args) -> new AuditEntry(1, null));
    }
}
