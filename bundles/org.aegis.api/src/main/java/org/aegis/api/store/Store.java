package org.aegis.api.store;

import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The node's embedded persistent store: named maps of string keys (kept in order) to byte values.
 * Reads see the last committed state. Writes go through {@link #write}: all the changes of one batch are
 * committed to disk together or not at all.
 */
@ProviderType
public interface Store {
    /** Well-known map names. */
    String CONSENSUS_LOG = "consensus.log";
    String AUDIT_LOG = "audit.log";
    String REGISTRY = "registry";

    /** The named map, created empty on first use. */
    StoreMap map(String name);

    /** Names of the maps that hold data. */
    Set<String> mapNames();

    /**
     * Applies the batch's changes and commits them atomically and durably before returning.
     *
     * @throws StoreException when the store cannot commit; then none of the changes is visible
     */
    void write(Consumer<WriteBatch> changes);

    /** The store's file. */
    Path location();

    /**
     * Writes a consistent copy of the store, as it was at one commit while the call ran, to {@code target}: a zip
     * archive holding the store's file (the node's keys, tokens' signing keys, decisions, registries, audit log),
     * readable by its owner alone (0600), written beside {@code target} and moved over it once complete. Writes go
     * on meanwhile. {@code bin/aegis-restore} installs such an archive into a stopped node.
     *
     * @throws StoreException when the copy cannot be written; {@code target} is then left as it was
     */
    void backup(Path target);
}
