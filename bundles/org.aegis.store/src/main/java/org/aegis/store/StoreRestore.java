package org.aegis.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.aegis.api.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs a backup ({@link StoreService#backup}) that {@code bin/aegis-restore} staged beside the store's file as
 * {@value #STAGED}, before the store opens. The archive is checked whole before anything is replaced: its one store
 * file is extracted beside the current one and opened and verified as the store would open it. Only then is the
 * current file kept as {@code <file>.before-restore-<time>} and the restored one moved in. A bad archive stops the
 * store with an error naming it, and leaves every file as it was.
 */
final class StoreRestore {
    static final String STAGED = "aegis-restore.zip";
    private static final String STORE_SUFFIX = ".mv.db";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Logger LOG = LoggerFactory.getLogger(StoreRestore.class);

    private StoreRestore() {
    }

    /** Installs the staged backup of {@code store}, if there is one; nothing otherwise. */
    static void installStaged(Path store, int cacheSizeMb, Instant now) {
        Path staged = store.resolveSibling(STAGED);
        if (!Files.exists(staged)) {
            return;
        }
        Path restoring = store.resolveSibling(store.getFileName() + ".restoring");
        try {
            extract(staged, restoring);
            StoreFile.openVerified(restoring, StoreFile.settings(cacheSizeMb).fileName(restoring.toString())).close();
            if (Files.exists(store)) {
                Path kept = store.resolveSibling(store.getFileName() + ".before-restore-" + STAMP.format(now));
                Files.move(store, kept, StandardCopyOption.ATOMIC_MOVE);
                LOG.warn("The store {} is kept as {} before the backup replaces it", store, kept);
            }
            Files.move(restoring, store, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(staged);
            LOG.warn("Restored the store {} from the backup {}", store, staged);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("cannot restore the backup " + staged + ": " + e.getMessage()
                    + "; the store was left as it was: remove or replace " + staged + " to start", e);
        } finally {
            try {
                Files.deleteIfExists(restoring);
            } catch (IOException e) {
                LOG.warn("Could not delete {}: {}", restoring, e.toString());
            }
        }
    }

    /** Writes the archive's one store file to {@code target}; an archive with none or several is refused. */
    private static void extract(Path archive, Path target) throws IOException {
        List<String> names = new ArrayList<>();
        boolean extracted = false;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                names.add(entry.getName());
                if (!extracted && !entry.isDirectory() && entry.getName().endsWith(STORE_SUFFIX)) {
                    InputStream content = zip;
                    FileModes.write(target, content::transferTo);
                    extracted = true;
                }
            }
        }
        long stores = names.stream().filter(name -> name.endsWith(STORE_SUFFIX)).count();
        if (stores != 1) {
            throw new StoreException("not a backup of an AEGIS store: it should hold one *" + STORE_SUFFIX
                    + " file, it holds " + (names.isEmpty() ? "nothing (or is no zip archive)" : names));
        }
    }
}
