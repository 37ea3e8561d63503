package org.aegis.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import org.aegis.api.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorePathsTest {
    @TempDir
    Path dir;

    @Test
    void theConfiguredPathWins() {
        Path configured = dir.resolve("x").resolve("my.mv.db");
        assertEquals(configured, StorePaths.resolve(" " + configured + " ", "/karaf/data", () -> null));
    }

    @Test
    void aRelativePathIsMadeAbsolute() {
        Path resolved = StorePaths.resolve("a/../b.mv.db", null, () -> null);
        assertTrue(resolved.isAbsolute());
        assertEquals(Path.of("b.mv.db").toAbsolutePath(), resolved);
    }

    @Test
    void byDefaultUnderKarafData() {
        assertEquals(dir.resolve("aegis").resolve("aegis.mv.db"), StorePaths.resolve("", dir.toString(), () -> null));
        assertEquals(dir.resolve("aegis").resolve("aegis.mv.db"), StorePaths.resolve(null, dir.toString(), () -> null));
    }

    @Test
    void outsideKarafInTheBundleDataArea() {
        File data = dir.resolve("bundle5").resolve("data").resolve("aegis.mv.db").toFile();
        assertEquals(data.toPath(), StorePaths.resolve("", null, () -> data));
        assertEquals(data.toPath(), StorePaths.resolve("", " ", () -> data));
    }

    @Test
    void noPlaceAtAllIsAClearError() {
        StoreException e = assertThrows(StoreException.class, () -> StorePaths.resolve("", null, () -> null));
        assertTrue(e.getMessage().contains("org.aegis.store"), e.getMessage());
    }

    @Test
    void anInvalidPathIsAClearError() {
        StoreException e = assertThrows(StoreException.class, () -> StorePaths.resolve("bad\0path", null, () -> null));
        assertTrue(e.getMessage().contains("not a valid path"), e.getMessage());
    }
}
