package org.aegis.api.store;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** A read view of one named map of a {@link Store}; keys are ordered as strings. */
@ProviderType
public interface StoreMap {
    String name();

    Optional<byte[]> get(String key);

    /**
     * Entries with {@code fromInclusive <= key < toExclusive}, in key order, at most {@code limit}.
     * A {@code null} bound is open.
     */
    List<StoreEntry> range(String fromInclusive, String toExclusive, int limit);

    /** The greatest key, if the map is not empty. */
    Optional<String> lastKey();

    long size();
}
