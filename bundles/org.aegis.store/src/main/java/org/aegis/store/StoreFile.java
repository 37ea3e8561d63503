package org.aegis.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.aegis.api.store.StoreException;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the MVStore file with the settings the store's guarantees rely on, and refuses damaged files. */
final class StoreFile {
    /** Store header fields (MVStore's FileStore.HDR_VERSION and HDR_CLEAN, which are not public). */
    private static final String HEADER_VERSION = "version";
    private static final String HEADER_CLEAN = "clean";
    private static final Logger LOG = LoggerFactory.getLogger(StoreFile.class);

    private StoreFile() {
    }

    static MVStore open(Path file, int cacheSizeMb) {
        Path folder = file.getParent();
        if (folder != null) {
            FileModes.folder(folder, LOG::warn);
        }
        boolean existed = Files.exists(file);
        if (Files.isDirectory(file)) {
            throw new StoreException(StoreErrors.name(file) + " is a directory");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            // MVStore would quietly open it read-only and fail at the first write
            throw new StoreException(StoreErrors.name(file) + " is not writable");
        }
        if (existed) {
            FileModes.file(file, LOG::warn);
        }
        MVStore store = openVerified(file, settings(cacheSizeMb).fileName(file.toString()));
        if (!existed) {
            // just made with the process's umask: nothing to warn about, nobody could have read it yet
            FileModes.file(file, fixed -> { });
        }
        return store;
    }

    /**
     * Only explicit commits reach the file. Auto-commit has two triggers, and both must be off: the delay (which
     * also starts MVStore's background writer thread) and the buffer size (which commits from inside a put once
     * enough changes pile up, and would persist half a batch).
     */
    static MVStore.Builder settings(int cacheSizeMb) {
        return new MVStore.Builder()
                .autoCommitDisabled()
                .autoCommitBufferSize(0)
                .cacheSize(cacheSizeMb);
    }

    static MVStore openVerified(Path file, MVStore.Builder builder) {
        MVStore store;
        try {
            store = builder.open();
        } catch (RuntimeException e) {
            throw StoreErrors.onOpen(file, e);
        }
        try {
            verify(file, store);
            return store;
        } catch (RuntimeException e) {
            // close without writing anything: the file stays exactly as it was
            store.closeImmediately();
            throw e instanceof StoreException se ? se : StoreErrors.onOpen(file, e);
        }
    }

    /**
     * MVStore falls back to the newest chunk it can read and then carries on as if nothing happened; after damage
     * that can be an older version, or an empty store. The header records the newest version written when it was
     * last updated: after a clean close that is exactly the last version. After a crash it may name the commit that
     * was in flight (written, never acknowledged, possibly lost), so one version less is still sound.
     */
    private static void verify(Path file, MVStore store) {
        if (store.isReadOnly()) {
            throw new StoreException(StoreErrors.name(file) + " is not writable");
        }
        Map<String, Object> header = store.getStoreHeader();
        long recorded = DataUtils.readHexLong(header, HEADER_VERSION, 0);
        Object clean = header.get(HEADER_CLEAN);
        boolean cleanClose = clean != null && !"0".equals(clean.toString());
        long readable = store.getCurrentVersion();
        if (readable < (cleanClose ? recorded : recorded - 1)) {
            throw StoreErrors.corrupt(file, "its header records version " + recorded
                    + " but the newest readable version is " + readable + " (damaged chunks)", null);
        }
    }
}
