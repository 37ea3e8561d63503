package org.aegis.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.aegis.api.store.StoreException;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

/** Turns MVStore's error codes into {@link StoreException}s that name the file and say what is wrong. */
final class StoreErrors {
    /** MVStore's block size: a store file is always a whole number of blocks. */
    private static final int BLOCK_SIZE = 4096;

    private StoreErrors() {
    }

    /** The file could not be opened. */
    static StoreException onOpen(Path file, RuntimeException e) {
        if (!(e instanceof MVStoreException mv)) {
            return new StoreException(name(file) + " cannot be opened: " + e, e);
        }
        return switch (mv.getErrorCode()) {
            case DataUtils.ERROR_FILE_LOCKED -> new StoreException(name(file) + " is locked by another process"
                    + " (is another node running with the same data folder?)", e);
            case DataUtils.ERROR_FILE_CORRUPT, DataUtils.ERROR_CHUNK_NOT_FOUND, DataUtils.ERROR_SERIALIZATION ->
                    corrupt(file, e.getMessage(), e);
            case DataUtils.ERROR_UNSUPPORTED_FORMAT -> new StoreException(name(file)
                    + " has an unsupported format (written by a newer version?): " + e.getMessage(), e);
            case DataUtils.ERROR_READING_FAILED -> isTruncated(file)
                    ? corrupt(file, "its length is not a whole number of " + BLOCK_SIZE + "-byte blocks"
                            + " (truncated?)", e)
                    : new StoreException(name(file) + " cannot be read: " + e.getMessage(), e);
            case DataUtils.ERROR_WRITING_FAILED -> new StoreException(name(file) + " cannot be written: "
                    + e.getMessage(), e);
            default -> new StoreException(name(file) + " cannot be opened: " + e.getMessage(), e);
        };
    }

    /** A read or write of an open store failed. */
    static StoreException onAccess(Path file, String operation, MVStoreException e) {
        return switch (e.getErrorCode()) {
            case DataUtils.ERROR_FILE_CORRUPT, DataUtils.ERROR_CHUNK_NOT_FOUND, DataUtils.ERROR_SERIALIZATION ->
                    corrupt(file, operation + " failed: " + e.getMessage(), e);
            case DataUtils.ERROR_CLOSED -> new StoreException("store is closed", e);
            default -> new StoreException(name(file) + ": " + operation + " failed: " + e.getMessage(), e);
        };
    }

    /** Never repaired here: a reset would silently lose the node's state, so the operator decides. */
    static StoreException corrupt(Path file, String what, Throwable cause) {
        return new StoreException(name(file) + " is corrupt: " + what + ". The file was left untouched: restore it"
                + " from a backup, or move it away to start with an empty store", cause);
    }

    static String name(Path file) {
        return "store file " + file;
    }

    private static boolean isTruncated(Path file) {
        try {
            return Files.size(file) % BLOCK_SIZE != 0;
        } catch (IOException e) {
            return false;
        }
    }
}
