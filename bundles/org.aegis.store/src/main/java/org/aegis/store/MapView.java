package org.aegis.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aegis.api.store.StoreEntry;
import org.aegis.api.store.StoreMap;
import org.h2.mvstore.Cursor;

/** Read view of one named map; every call reads the store's committed state. */
final class MapView implements StoreMap {
    /** Initial list capacity for a range, so that a huge limit does not allocate up front. */
    private static final int RANGE_CAPACITY = 64;

    private final String name;
    private final StoreService store;

    MapView(String name, StoreService store) {
        this.name = name;
        this.store = store;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<byte[]> get(String key) {
        Args.key(key);
        // copied: the stored array is shared with MVStore's in-memory pages
        return store.read(name, map -> Optional.ofNullable(map.get(key)).map(byte[]::clone), Optional::empty);
    }

    @Override
    public List<StoreEntry> range(String fromInclusive, String toExclusive, int limit) {
        Args.limit(limit);
        if (fromInclusive != null && toExclusive != null && fromInclusive.compareTo(toExclusive) >= 0) {
            return List.of();
        }
        return store.read(name, map -> {
            List<StoreEntry> entries = new ArrayList<>(Math.min(limit, RANGE_CAPACITY));
            Cursor<String, byte[]> cursor = map.cursor(fromInclusive);
            while (entries.size() < limit && cursor.hasNext()) {
                String key = cursor.next();
                if (toExclusive != null && key.compareTo(toExclusive) >= 0) {
                    break;
                }
                entries.add(new StoreEntry(key, cursor.getValue().clone()));
            }
            return List.copyOf(entries);
        }, List::of);
    }

    @Override
    public Optional<String> lastKey() {
        return store.read(name, map -> Optional.ofNullable(map.lastKey()), Optional::empty);
    }

    @Override
    public long size() {
        return store.read(name, map -> map.sizeAsLong(), () -> 0L);
    }

    @Override
    public String toString() {
        return "StoreMap[" + name + "]";
    }
}
