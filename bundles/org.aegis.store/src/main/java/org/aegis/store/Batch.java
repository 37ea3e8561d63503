package org.aegis.store;

import java.util.ArrayList;
import java.util.List;
import org.aegis.api.store.WriteBatch;

/**
 * Collects the changes of one {@link StoreService#write}. Nothing touches the store while the caller's consumer
 * runs, so a consumer that throws leaves no trace. Used by the writing thread only, and only during the write.
 */
final class Batch implements WriteBatch {
    /** One change, applied in the order the consumer made them. */
    sealed interface Change permits Put, Remove {
        String map();

        String key();
    }

    record Put(String map, String key, byte[] value) implements Change {
    }

    record Remove(String map, String key) implements Change {
    }

    private final List<Change> changes = new ArrayList<>();
    private boolean sealed;

    @Override
    public WriteBatch put(String map, String key, byte[] value) {
        checkOpen();
        Args.notNull(value, "value (use remove to delete a key)");
        // copied: the caller may reuse its array before the batch is applied
        changes.add(new Put(Args.mapName(map), Args.key(key), value.clone()));
        return this;
    }

    @Override
    public WriteBatch remove(String map, String key) {
        checkOpen();
        changes.add(new Remove(Args.mapName(map), Args.key(key)));
        return this;
    }

    /** Ends the batch: a consumer that kept a reference cannot add changes that would never be committed. */
    List<Change> seal() {
        sealed = true;
        return List.copyOf(changes);
    }

    private void checkOpen() {
        if (sealed) {
            throw new IllegalStateException("this batch has ended; changes are only accepted inside Store.write");
        }
    }
}
