package org.aegis.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;
import org.aegis.api.store.StoreException;

/**
 * Files that hold the node's keys (the store, the TLS key stores): like ssh with its keys, their folder is the owner's
 * alone (0700) and the files too (0600). Looser modes found at start are narrowed, with a warning, since another local
 * user could already have read them.
 */
final class FileModes {
    private static final Set<PosixFilePermission> OWNER_FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private FileModes() {
    }

    /** Creates {@code folder} (0700) if needed, else takes group's and others' access away; {@code warn} hears of every fix. */
    static void folder(Path folder, Consumer<String> warn) {
        try {
            if (!Files.exists(folder)) {
                Files.createDirectories(folder);
                if (posix()) {
                    Files.setPosixFilePermissions(folder, OWNER_FOLDER);
                }
                return;
            }
            narrow(folder, warn);
        } catch (IOException e) {
            throw new StoreException("cannot make the folder " + folder + " private to its owner: " + e, e);
        }
    }

    /** Takes group's and others' access away from an existing file (0600 for a new one); nothing if absent. */
    static void file(Path file, Consumer<String> warn) {
        try {
            if (Files.exists(file)) {
                narrow(file, warn);
            }
        } catch (IOException e) {
            throw new StoreException("cannot make " + file + " private to its owner: " + e, e);
        }
    }

    /**
     * Replaces {@code file} with {@code content} in one step: written to a 0600 file beside it, then moved over it
     * atomically, so that a reader (Jetty watching its key store) never sees half a file.
     */
    static void write(Path file, byte[] content) {
        write(file, out -> out.write(content));
    }

    /** What goes into a file {@link #write(Path, Content)} writes. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** As {@link #write(Path, byte[])}, for content written to a stream. */
    static void write(Path file, Content content) {
        Path folder = file.toAbsolutePath().getParent();
        try {
            Path next = Files.createTempFile(folder, "." + file.getFileName(), ".next",
                    posix() ? new FileAttribute<?>[] {
                        PosixFilePermissions.asFileAttribute(OWNER_FILE)} : new FileAttribute<?>[0]);
            try {
                try (OutputStream out = Files.newOutputStream(next)) {
                    content.writeTo(out);
                }
                Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(next);
            }
        } catch (IOException e) {
            throw new StoreException("cannot write " + file + ": " + e, e);
        }
    }

    /** Takes away what group and others may do; the owner's own bits stay as they are. */
    private static void narrow(Path path, Consumer<String> warn) throws IOException {
        if (!posix()) {
            return;
        }
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(path);
        if (!Collections.disjoint(current, GROUP_OR_OTHERS)) {
            Set<PosixFilePermission> wanted = EnumSet.copyOf(current);
            wanted.removeAll(GROUP_OR_OTHERS);
            Files.setPosixFilePermissions(path, wanted);
            warn.accept(path + " was " + PosixFilePermissions.toString(current) + ", readable by other users of this"
                    + " machine; now " + PosixFilePermissions.toString(wanted) + ". It holds the node's keys: if other"
                    + " users could read it, rotate the keys and tokens");
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
