package org.aegis.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.aegis.api.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An online backup restores a consistent store; a staged restore keeps what it replaces and refuses bad archives. */
class StoreBackupTest {
    @TempDir
    Path folder;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(StoreService store, String map, String key) {
        return new String(store.map(map).get(key).orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void aBackupTakenUnderWritesRestoresEveryBatchWholeOrNotAtAll() throws Exception {
        Path live = folder.resolve("live/aegis.mv.db");
        StoreService store = new StoreService(live, 16);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            for (int i = 0; writing.get(); i++) {
                String value = "value-" + i;
                store.write(b -> b.put("a", key(written.get()), bytes(value)).put("b", key(written.get()),
                        bytes(value)));
                written.incrementAndGet();
            }
        });
        writer.start();
        while (written.get() < 200) {
            Thread.sleep(5);
        }
        int before = written.get();
        Path backup = folder.resolve("backup.zip");
        store.backup(backup);
        writing.set(false);
        writer.join();
        store.close();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)));

        Path restored = folder.resolve("restored/aegis.mv.db");
        Files.createDirectories(restored.getParent());
        Files.copy(backup, restored.resolveSibling(StoreRestore.STAGED));
        StoreService copy = new StoreService(restored, 16);
        try {
            long count = copy.map("a").size();
            assertTrue(count >= before, count + " batches restored, " + before + " committed before the backup");
            assertEquals(count, copy.map("b").size(), "no batch restored in part");
            for (int i = 0; i < count; i++) {
                assertEquals(text(copy, "a", key(i)), text(copy, "b", key(i)));
            }
        } finally {
            copy.close();
        }
    }

    private static String key(int i) {
        return String.format("%08d", i);
    }

    @Test
    void aRestoreKeepsTheStoreItReplaces() throws IOException {
        Path backup = folder.resolve("backup.zip");
        StoreService source = new StoreService(folder.resolve("source/aegis.mv.db"), 16);
        source.write(b -> b.put("m", "k", bytes("from the backup")));
        source.backup(backup);
        source.close();

        Path file = folder.resolve("node/aegis.mv.db");
        StoreService node = new StoreService(file, 16);
        node.write(b -> b.put("m", "k", bytes("replaced")));
        node.close();
        Files.copy(backup, file.resolveSibling(StoreRestore.STAGED));

        StoreService restored = new StoreService(file, 16);
        try {
            assertEquals("from the backup", text(restored, "m", "k"));
        } finally {
            restored.close();
        }
        assertTrue(Files.notExists(file.resolveSibling(StoreRestore.STAGED)), "installed once");
        List<Path> kept;
        try (Stream<Path> files = Files.list(file.getParent())) {
            kept = files.filter(p -> p.getFileName().toString().startsWith("aegis.mv.db.before-restore-")).toList();
        }
        assertEquals(1, kept.size(), "the replaced store is kept");
        StoreService previous = new StoreService(kept.get(0), 16);
        try {
            assertEquals("replaced", text(previous, "m", "k"));
        } finally {
            previous.close();
        }
    }

    @Test
    void aBadArchiveStopsTheStoreAndChangesNothing() throws IOException {
        Path file = folder.resolve("node/aegis.mv.db");
        StoreService node = new StoreService(file, 16);
        node.write(b -> b.put("m", "k", bytes("kept")));
        node.close();
        byte[] before = Files.readAllBytes(file);
        Path staged = file.resolveSibling(StoreRestore.STAGED);
        Files.write(staged, bytes("not a zip"));

        StoreException refused = assertThrows(StoreException.class, () -> new StoreService(file, 16));
        assertTrue(refused.getMessage().contains(staged.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("not a backup of an AEGIS store"), refused.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        assertTrue(Files.exists(staged), "the archive stays for the operator to look at");
        List<String> left = new ArrayList<>();
        try (Stream<Path> files = Files.list(file.getParent())) {
            files.forEach(p -> left.add(p.getFileName().toString()));
        }
        assertEquals(List.of("aegis-restore.zip", "aegis.mv.db"), left.stream().sorted().toList());
    }
}
