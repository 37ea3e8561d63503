package org.aegis.federated.trainer;

import java.util.ArrayList;
import java.util.List;
import org.aegis.api.store.WriteBatch;

/**
 * The store changes of one decision, gathered while it is applied and written in one atomic batch afterwards, so
 * that no store lock is held while updates are fetched from peers.
 */
final class Changes implements WriteBatch {
    private record Change(String map, String key, byte[] value) {
    }

    private final List<Change> changes = new ArrayList<>();

    @Override
    public WriteBatch put(String map, String key, byte[] value) {
        changes.add(new Change(map, key, value));
        return this;
    }

    @Override
    public WriteBatch remove(String map, String key) {
        changes.add(new Change(map, key, null));
        return this;
    }

    void replayInto(WriteBatch batch) {
        for (Change change : changes) {
            if (change.value() == null) {
                batch.remove(change.map(), change.key());
            } else {
                batch.put(change.map(), change.key(), change.value());
            }
        }
    }
}
