package org.aegis.api.store;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Files that hold the node's secrets (keys, key stores), kept like ssh keeps its own: folders the owner's alone
 * (0700), files too (0600). Looser modes found are narrowed, with a warning in the log, since another local user
 * could already have read them. Provided by the store, which keeps the node's data folder the same way.
 */
@ProviderType
public interface PrivateFiles {
    /**
     * Creates {@code folder} (0700) with its parents, or takes group's and others' access away from it.
     *
     * @throws StoreException when the folder cannot be made or its mode cannot be changed
     */
    void folder(Path folder);

    /**
     * Replaces {@code file} with {@code content} in one step: written to a 0600 file beside it, then moved over it
     * atomically, so that a reader (Jetty watching its key store) never sees half a file.
     *
     * @throws StoreException when the file cannot be written
     */
    void write(Path file, byte[] content);
}
