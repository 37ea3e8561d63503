package org.aegis.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.aegis.api.store.Store;
import org.aegis.api.store.StoreEntry;
import org.aegis.api.store.StoreException;
import org.aegis.api.store.StoreMap;
import org.aegis.api.store.WriteBatch;

/**
 * A {@link Store} held in memory, for the unit tests of bundles that use the store. Values are copied in and
 * out; a batch applies all or nothing. Published as the API module's test-jar, never part of the bundle.
 */
public final class InMemoryStore implements Store {
    private final Map<String, TreeMap<String, byte[]>> maps = new TreeMap<>();
    private int commits;

    /** Number of {@link #write} calls that committed. */
    public synchronized int commits() {
        return commits;
    }

    /** Puts a value directly, as if an earlier run (or corruption) had left it there. */
    public synchronized void preload(String map, String key, byte[] value) {
        maps.computeIfAbsent(map, name -> new TreeMap<>()).put(key, value.clone());
    }

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
        List<Runnable> staged = new ArrayList<>();
        changes.accept(new WriteBatch() {
            @Override
            public WriteBatch put(String map, String key, byte[] value) {
                byte[] copy = value.clone();
                staged.add(() -> maps.computeIfAbsent(map, name -> new TreeMap<>()).put(key, copy));
                return this;
            }

            @Override
            public WriteBatch remove(String map, String key) {
                staged.add(() -> {
                    TreeMap<String, byte[]> entries = maps.get(map);
                    if (entries != null) {
                        entries.remove(key);
                    }
                });
                return this;
            }
        });
        synchronized (this) {
            staged.forEach(Runnable::run);
            commits++;
        }
    }

    @Override
    public Path location() {
        return Path.of("in-memory");
    }

    /** Refused with a {@link StoreException}: there is no file to copy, and nothing could restore it. */
    @Override
    public void backup(Path target) {
        throw new StoreException("an in-memory store has no file to back up");
    }

    private final class View implements StoreMap {
        private final String name;

        View(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Optional<byte[]> get(String key) {
            synchronized (InMemoryStore.this) {
                return Optional.ofNullable(entries().get(key)).map(byte[]::clone);
            }
        }

        @Override
        public List<StoreEntry> range(String fromInclusive, String toExclusive, int limit) {
            synchronized (InMemoryStore.this) {
                List<StoreEntry> result = new ArrayList<>();
                for (Map.Entry<String, byte[]> entry : entries().entrySet()) {
                    if (result.size() >= limit) {
                        break;
                    }
                    String key = entry.getKey();
                    if ((fromInclusive == null || key.compareTo(fromInclusive) >= 0)
                            && (toExclusive == null || key.compareTo(toExclusive) < 0)) {
                        result.add(new StoreEntry(key, entry.getValue().clone()));
                    }
                }
                return result;
            }
        }

        @Override
        public Optional<String> lastKey() {
            synchronized (InMemoryStore.this) {
                TreeMap<String, byte[]> entries = entries();
                return entries.isEmpty() ? Optional.empty() : Optional.of(entries.lastKey());
            }
        }

        @Override
        public long size() {
            synchronized (InMemoryStore.this) {
                return entries().size();
            }
        }

        private TreeMap<String, byte[]> entries() {
            return maps.getOrDefault(name, new TreeMap<>());
        }
    }
}
