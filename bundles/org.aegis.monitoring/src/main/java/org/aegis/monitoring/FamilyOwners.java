package org.aegis.monitoring;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Which metric source writes each family name: the first to write it, until that source leaves. Two sources
 * writing one name would put two families of that name in a scrape, which the client refuses as a whole.
 */
final class FamilyOwners {
    private final ConcurrentMap<String, Object> owners = new ConcurrentHashMap<>();

    /** Whether {@code owner} may write {@code name}: nobody else has written it since it was released. */
    boolean claim(String name, Object owner) {
        Object current = owners.putIfAbsent(name, owner);
        return current == null || current == owner;
    }

    /** Frees every name {@code owner} claimed, for the next source to write them. */
    void release(Object owner) {
        owners.values().removeIf(current -> current == owner);
    }
}
