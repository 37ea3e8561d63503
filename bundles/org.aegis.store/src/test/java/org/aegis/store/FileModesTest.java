package org.aegis.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pen-test finding: the store (node key, token key, seed) was created 0644 in 0755 folders. */
class FileModesTest {
    @TempDir
    Path dir;

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void aNewStoreIsTheOwnersAlone() throws IOException {
        Path file = dir.resolve("data").resolve("aegis").resolve(StorePaths.FILE_NAME);
        StoreService store = new StoreService(file, 16);
        try {
            store.write(batch -> batch.put("m", "k", "secret".getBytes(UTF_8)));
        } finally {
            store.close();
        }
        assertEquals("rwx------", mode(file.getParent()));
        assertEquals("rw-------", mode(file));
    }

    @Test
    void looseModesFoundAtStartAreNarrowedWithAWarning() throws IOException {
        Path folder = dir.resolve("aegis");
        Path file = folder.resolve(StorePaths.FILE_NAME);
        new StoreService(file, 16).close();
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        List<String> warnings = new ArrayList<>();
        FileModes.folder(folder, warnings::add);
        FileModes.file(file, warnings::add);
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(1).contains("rw-r--r--"), warnings.get(1));
        assertEquals("rwx------", mode(folder));
        assertEquals("rw-------", mode(file));

        // and the store itself fixes them when it opens
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
        new StoreService(file, 16).close();
        assertEquals("rw-------", mode(file));
    }

    @Test
    void theOwnersOwnBitsAreLeftAlone() throws IOException {
        Path file = Files.writeString(dir.resolve("read-only"), "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        FileModes.file(file, warning -> { });
        assertEquals("r--------", mode(file));
    }
}
