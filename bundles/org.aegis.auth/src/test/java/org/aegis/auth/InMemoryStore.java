package org.aegis.auth;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.aegis.api.store.Store;
import org.aegis.api.store.StoreEntry;
import org.aegis.api.store.StoreMap;
import org.aegis.api.store.WriteBatch;

/** A {@link Store} in memory: values are copied in and out, a batch is applied all at once. */
final class InMemoryStore implements Store {
    private final Map<String, NavigableMap<String, byte[]>> maps = new TreeMap<>();
    private int writes;

    @Override
    public synchronized StoreMap map(String name) {
        return new View(name);
    }

    @Override
    public synchronized Set<String> mapNames() {
        Set<String> names = new TreeSet<>();
        maps.forEach((name, map) -> {
            if (!map.isEmpty()) {
                names.add(name);
            }
        });
        return names;
    }

    @Override
    public void write(Consumer<WriteBatch> changes) {
        List<Runnable> pending = new ArrayList<>();
        changes.accept(new WriteBatch() {
            @Override
            public WriteBatch put(String map, String key, byte[] value) {
                byte[] copy = value.clone();
                pending.add(() -> maps.computeIfAbsent(map, n -> new TreeMap<>()).put(key, copy));
                return this;
            }

            @Override
            public WriteBatch remove(String map, String key) {
                pending.add(() -> maps.computeIfAbsent(map, n -> new TreeMap<>()).remove(key));
                return this;
            }
        });
        synchronized (this) {
            pending.forEach(Runnable::run);
            writes++;
        }
    }

    @Override
    public Path location() {
        return Path.of("in-memory");
    }

    /** Committed batches so far. */
    synchronized int writes() {
        return writes;
    }

    /** Puts a value directly, as if an earlier run (or damage) had left it there. */
    void put(String map, String key, byte[] value) {
        write(batch -> batch.put(map, key, value));
    }

    Optional<byte[]> get(String map, String key) {
        return map(map).get(key);
    }

    private final class View implements StoreMap {
        private final String name;

        View(String name) {
            this.name = name;
        }

        private NavigableMap<String, byte[]> data() {
            return maps.getOrDefault(name, new TreeMap<>());
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<byte[]> get(String key) {
            synchronized (InMemoryStore.this) {
                return Optional.ofNullable(data().get(key)).map(byte[]::clone);
            }
        }

        @Override
        public List<StoreEntry> range(String fromInclusive, String toExclusive, int limit) {
            synchronized (InMemoryStore.this) {
                NavigableMap<String, byte[]> view = data();
                if (fromInclusive != null) {
                    view = view.tailMap(fromInclusive, true);
                }
                if (toExclusive != null) {
                    view = view.headMap(toExclusive, false);
                }
                return view.entrySet().stream().limit(limit)
                        .map(e -> new StoreEntry(e.getKey(), e.getValue().clone())).toList();
            }
        }

        @Override
        public Optional<String> lastKey() {
            synchronized (InMemoryStore.this) {
                NavigableMap<String, byte[]> data = data();
                return data.isEmpty() ? Optional.empty() : Optional.of(data.lastKey());
            }
        }

        @Override
        public long size() {
            synchronized (InMemoryStore.this) {
                return data().size();
            }
        }
    }
}
