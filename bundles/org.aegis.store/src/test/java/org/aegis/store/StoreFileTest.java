package org.aegis.store;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aegis.api.store.StoreException;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening files that cannot be used: the store refuses with a clear error and never changes the file. */
class StoreFileTest {
    @TempDir
    Path dir;

    private static final String HOLDER_READY = "locked";

    @Test
    void aFileOpenTwiceInOneJvmIsLocked() {
        Path file = dir.resolve("aegis.mv.db");
        StoreService first = new StoreService(file, 16);
        try {
            first.write(b -> b.put("m", "k", "v".getBytes(UTF_8)));
            StoreException e = assertThrows(StoreException.class, () -> new StoreService(file, 16));
            assertTrue(e.getMessage().contains("locked by another process"), e.getMessage());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            // the first store carries on
            first.write(b -> b.put("m", "k2", "v".getBytes(UTF_8)));
            assertEquals(2, first.map("m").size());
        } finally {
            first.close();
        }
    }

    @Test
    void aFileHeldByAnotherProcessIsLocked() throws Exception {
        Path file = dir.resolve("aegis.mv.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT) // stdout carries only the handshake
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8));
            String line = out.readLine();
            assertEquals(HOLDER_READY, line, "the other process could not open the store");
            StoreException e = assertThrows(StoreException.class, () -> new StoreService(file, 16));
            assertTrue(e.getMessage().contains("locked by another process"), e.getMessage());
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        } finally {
            holder.getOutputStream().close(); // the holder closes its store at end of input
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
        assertEquals(0, holder.exitValue());
        // once the other process is gone the file opens, with what it wrote
        StoreService store = new StoreService(file, 16);
        try {
            assertEquals("held", new String(store.map("m").get("k").orElseThrow(), UTF_8));
        } finally {
            store.close();
        }
    }

    /** Run in a separate JVM by {@link #aFileHeldByAnotherProcessIsLocked}. */
    static final class LockHolder {
        public static void main(String[] args) throws IOException {
            StoreService store = new StoreService(Path.of(args[0]), 1);
            store.write(b -> b.put("m", "k", "held".getBytes(UTF_8)));
            System.out.println(HOLDER_READY);
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the file until the test closes our input
            }
            store.close();
        }
    }

    @Test
    void garbageIsCorruptAndStaysUntouched() throws IOException {
        byte[] garbage = new byte[10_000];
        new Random(42).nextBytes(garbage);
        assertCorruptAndUntouched(write("garbage.mv.db", garbage));
    }

    @Test
    void textIsCorrupt() throws IOException {
        assertCorruptAndUntouched(write("text.mv.db", "not a store\n".repeat(1000).getBytes(UTF_8)));
    }

    @Test
    void aTruncatedFileIsCorrupt() throws IOException {
        byte[] valid = validStore("valid.mv.db", 5);
        assertCorruptAndUntouched(write("truncated.mv.db", Arrays.copyOf(valid, 5000)));
    }

    @Test
    void damagedChunksAreCorruptNotAnEmptyStore() throws IOException {
        // MVStore alone opens this as an empty store and shrinks the file when it closes
        byte[] valid = validStore("valid.mv.db", 30);
        byte[] damaged = valid.clone();
        for (int i = 8192; i < damaged.length; i++) {
            damaged[i] ^= 0x33;
        }
        assertCorruptAndUntouched(write("damaged.mv.db", damaged));
    }

    @Test
    void aDamagedNewestChunkIsCorruptNotAnOlderVersion() throws IOException {
        // MVStore alone falls back to the version before and drops the newest commit
        byte[] valid = validStore("valid.mv.db", 30);
        byte[] damaged = valid.clone();
        long block = newestChunkBlock(valid);
        for (int i = 0; i < 4096; i++) {
            damaged[(int) (block * 4096 + i)] ^= 0x33;
        }
        StoreException e = assertCorruptAndUntouched(write("damaged.mv.db", damaged));
        assertTrue(e.getMessage().contains("newest readable version"), e.getMessage());
    }

    @Test
    void anUncleanShutdownIsNotCorruption() throws IOException {
        Path file = dir.resolve("crashed.mv.db");
        MVStore mv = StoreFile.open(file, 16);
        StoreService store = new StoreService(file, mv);
        for (int i = 0; i < 30; i++) {
            String k = String.format("%02d", i);
            store.write(b -> b.put("m", k, k.getBytes(UTF_8)));
        }
        mv.closeImmediately(); // as if the process died: no clean-shutdown mark
        StoreService reopened = new StoreService(file, 16);
        try {
            assertEquals(30, reopened.map("m").size());
        } finally {
            reopened.close();
        }
    }

    @Test
    void anEmptyFileIsANewStore() throws IOException {
        Path file = write("empty.mv.db", new byte[0]);
        StoreService store = new StoreService(file, 16);
        try {
            assertEquals(0, store.mapNames().size());
            store.write(b -> b.put("m", "k", new byte[1]));
        } finally {
            store.close();
        }
    }

    @Test
    void aDirectoryIsNotAStoreFile() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("folder.mv.db"));
        StoreException e = assertThrows(StoreException.class, () -> new StoreService(folder, 16));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** A store with {@code commits} commits, closed cleanly; its bytes. */
    private byte[] validStore(String name, int commits) throws IOException {
        Path file = dir.resolve(name);
        StoreService store = new StoreService(file, 16);
        for (int i = 0; i < commits; i++) {
            String k = String.format("%02d", i);
            store.write(b -> b.put("m", k, new byte[100]));
        }
        store.close();
        return Files.readAllBytes(file);
    }

    /** The block of the newest chunk, as the store header records it ({@code block:<hex>}). */
    private static long newestChunkBlock(byte[] file) {
        String header = new String(file, 0, 4096, ISO_8859_1);
        Matcher m = Pattern.compile("(?:^|,)block:([0-9a-f]+)").matcher(header);
        assertTrue(m.find(), header);
        return Long.parseLong(m.group(1), 16);
    }

    private static StoreException assertCorruptAndUntouched(Path file) throws IOException {
        byte[] before = Files.readAllBytes(file);
        StoreException e = assertThrows(StoreException.class, () -> new StoreService(file, 16));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file), "the file must not change");
        assertEquals(List.of(file.getFileName().toString()), siblingsNamedLike(file),
                "nothing renamed, deleted or created beside it");
        // and the failed open let go of the file: the same error again, not "locked"
        StoreException again = assertThrows(StoreException.class, () -> new StoreService(file, 16));
        assertTrue(again.getMessage().contains("corrupt"), again.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        return e;
    }

    private static List<String> siblingsNamedLike(Path file) throws IOException {
        String stem = file.getFileName().toString();
        try (var files = Files.list(file.getParent())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(stem)).toList();
        }
    }
}
