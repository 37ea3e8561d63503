package org.aegis.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.aegis.api.node.HealthState;
import org.aegis.api.store.Store;
import org.aegis.api.store.StoreEntry;
import org.aegis.api.store.StoreException;
import org.aegis.api.store.StoreMap;
import org.aegis.api.store.WriteBatch;
import org.aegis.testing.CollectedMetrics;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreServiceTest {
    @TempDir
    Path dir;

    private Path file;
    private StoreService store;

    @BeforeEach
    void open() {
        file = dir.resolve("data").resolve("aegis.mv.db");
        store = new StoreService(file, 16);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static String text(Optional<byte[]> value) {
        return value.map(v -> new String(v, UTF_8)).orElse(null);
    }

    private static List<String> keys(List<StoreEntry> entries) {
        return entries.stream().map(StoreEntry::key).toList();
    }

    private StoreService reopen() {
        store.close();
        store = new StoreService(file, 16);
        return store;
    }

    @Test
    void createsTheFolderAndTellsItsLocation() {
        assertEquals(file, store.location());
        assertTrue(file.toFile().isFile());
    }

    @Test
    void eachCommittedBatchIsTimedAndAnEmptyOneIsNot() {
        store.write(b -> b.put("m", "a", bytes("1")));
        store.write(b -> b.put("m", "b", bytes("2")));
        store.write(b -> { });

        assertEquals(2, CollectedMetrics.of(store).histogram("aegis_store_commit_latency_seconds").count());
    }

    @Test
    void putGetRemove() {
        store.write(b -> b.put("m", "a", bytes("1")).put("m", "b", bytes("2")));
        StoreMap map = store.map("m");
        assertEquals("m", map.name());
        assertEquals("1", text(map.get("a")));
        assertEquals("2", text(map.get("b")));
        assertEquals(Optional.empty(), map.get("c"));
        assertEquals(2, map.size());

        store.write(b -> b.remove("m", "a").put("m", "b", bytes("3")));
        assertEquals(Optional.empty(), map.get("a"));
        assertEquals("3", text(map.get("b")));
        assertEquals(1, map.size());
    }

    @Test
    void aCommitByAnInterruptedThreadKeepsTheStoreOpenAndTheInterrupt() {
        Thread.currentThread().interrupt();
        try {
            store.write(b -> b.put("m", "a", bytes("1")));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept for the caller");
        } finally {
            Thread.interrupted();
        }
        store.write(b -> b.put("m", "b", bytes("2")));
        assertEquals("1", text(reopen().map("m").get("a")));
        assertEquals("2", text(store.map("m").get("b")));
    }

    @Test
    void aMapNeverWrittenReadsAsEmpty() {
        StoreMap map = store.map("nothing");
        assertEquals(Optional.empty(), map.get("k"));
        assertEquals(List.of(), map.range(null, null, 10));
        assertEquals(Optional.empty(), map.lastKey());
        assertEquals(0, map.size());
        assertEquals(Set.of(), store.mapNames());
    }

    @Test
    void rangeIsInKeyOrderWithBoundsAndLimit() {
        store.write(b -> {
            for (String k : List.of("d", "b", "a", "c", "e")) {
                b.put("m", k, bytes(k));
            }
        });
        StoreMap map = store.map("m");
        assertEquals(List.of("a", "b", "c", "d", "e"), keys(map.range(null, null, 100)));
        assertEquals(List.of("b", "c"), keys(map.range("b", "d", 100)));
        assertEquals(List.of("c", "d", "e"), keys(map.range("c", null, 100)));
        assertEquals(List.of("a", "b"), keys(map.range(null, "c", 100)));
        assertEquals(List.of("a", "b"), keys(map.range(null, null, 2)));
        assertEquals(List.of("b", "c"), keys(map.range("az", "cz", 5)));
        assertEquals(List.of(), map.range("d", "b", 5));
        assertEquals(List.of(), map.range("c", "c", 5));
        assertEquals(List.of(), map.range("f", null, 5));
        assertEquals("c", new String(map.range("c", null, 1).get(0).value(), UTF_8));
    }

    @Test
    void keysAreOrderedAsStrings() {
        store.write(b -> b.put("m", "10", bytes("x")).put("m", "9", bytes("x")).put("m", "1", bytes("x")));
        assertEquals(List.of("1", "10", "9"), keys(store.map("m").range(null, null, 10)));
        assertEquals(Optional.of("9"), store.map("m").lastKey());
    }

    @Test
    void lastKeyAndSizeFollowWrites() {
        StoreMap map = store.map("m");
        store.write(b -> b.put("m", "b", bytes("1")));
        assertEquals(Optional.of("b"), map.lastKey());
        store.write(b -> b.put("m", "a", bytes("1")));
        assertEquals(Optional.of("b"), map.lastKey());
        store.write(b -> b.put("m", "z", bytes("1")));
        assertEquals(Optional.of("z"), map.lastKey());
        assertEquals(3, map.size());
        store.write(b -> b.remove("m", "z").remove("m", "b").remove("m", "a"));
        assertEquals(Optional.empty(), map.lastKey());
        assertEquals(0, map.size());
    }

    @Test
    void mapNamesListsOnlyMapsWithData() {
        store.write(b -> b.put("one", "k", bytes("v")).put("two", "k", bytes("v"))
                .put(Store.AUDIT_LOG, "k", bytes("v")));
        store.write(b -> b.remove("two", "k").remove("never", "k"));
        assertEquals(Set.of("one", Store.AUDIT_LOG), store.mapNames());
    }

    @Test
    void onePutThenRemoveInTheSameBatchLeavesNothing() {
        store.write(b -> b.put("m", "k", bytes("v")).remove("m", "k"));
        assertEquals(Optional.empty(), store.map("m").get("k"));
    }

    @Test
    void valuesAreCopiedInAndOut() {
        byte[] value = bytes("abc");
        store.write(b -> {
            b.put("m", "k", value);
            value[0] = 'X'; // the caller reuses its array before the batch is applied
        });
        byte[] read = store.map("m").get("k").orElseThrow();
        assertArrayEquals(bytes("abc"), read);
        read[0] = 'Y';
        store.map("m").range(null, null, 1).get(0).value()[1] = 'Z';
        assertArrayEquals(bytes("abc"), store.map("m").get("k").orElseThrow());
    }

    @Test
    void emptyValuesAreKept() {
        store.write(b -> b.put("m", "k", new byte[0]));
        assertArrayEquals(new byte[0], store.map("m").get("k").orElseThrow());
    }

    @Test
    void rejectsBadArguments() {
        assertMessage(() -> store.map(null), "map name");
        assertMessage(() -> store.map(" "), "map name");
        StoreMap map = store.map("m");
        assertMessage(() -> map.get(null), "key");
        assertMessage(() -> map.get(""), "key");
        assertMessage(() -> map.range(null, null, 0), "limit");
        assertMessage(() -> map.range("a", "b", -1), "limit");
        assertMessage(() -> store.write(null), "changes");
        assertMessage(() -> store.write(b -> b.put(null, "k", bytes("v"))), "map name");
        assertMessage(() -> store.write(b -> b.put("", "k", bytes("v"))), "map name");
        assertMessage(() -> store.write(b -> b.put("m", null, bytes("v"))), "key");
        assertMessage(() -> store.write(b -> b.put("m", "\t", bytes("v"))), "key");
        assertMessage(() -> store.write(b -> b.put("m", "k", null)), "value");
        assertMessage(() -> store.write(b -> b.remove("m", null)), "key");
        assertMessage(() -> new StoreService(dir.resolve("other.mv.db"), 0), "cacheSizeMb");
        assertEquals(Set.of(), store.mapNames(), "no rejected change got in");
    }

    private static void assertMessage(Runnable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void aBatchThatThrowsLeavesNoChange() {
        store.write(b -> b.put("m", "kept", bytes("1")));
        IllegalStateException thrown = new IllegalStateException("abort");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> store.write(b -> {
            b.put("m", "kept", bytes("2"));
            b.put("m", "new", bytes("3"));
            b.put("other", "k", bytes("4"));
            b.remove("m", "kept");
            throw thrown;
        }));
        assertSame(thrown, e, "the consumer's exception reaches the caller unchanged");
        assertNothingOfTheFailedBatch(store);
        assertNothingOfTheFailedBatch(reopen());
    }

    private static void assertNothingOfTheFailedBatch(StoreService s) {
        assertEquals("1", text(s.map("m").get("kept")));
        assertEquals(Optional.empty(), s.map("m").get("new"));
        assertEquals(1, s.map("m").size());
        assertEquals(Set.of("m"), s.mapNames());
    }

    @Test
    void aBatchIsOneCommitHoweverLarge() {
        // MVStore commits by itself once enough changes pile up, unless that is switched off too
        Path other = dir.resolve("big.mv.db");
        MVStore mv = StoreFile.open(other, 16);
        StoreService big = new StoreService(other, mv);
        try {
            long before = mv.getCurrentVersion();
            byte[] value = new byte[1 << 20];
            big.write(b -> {
                for (int i = 0; i < 48; i++) {
                    b.put("big", String.format("%03d", i), value);
                }
            });
            assertEquals(before + 1, mv.getCurrentVersion(), "48 MB in one batch, one commit");
        } finally {
            big.close();
        }
        StoreService reopened = new StoreService(other, 16);
        try {
            assertEquals(48, reopened.map("big").size());
        } finally {
            reopened.close();
        }
    }

    @Test
    void writesSurviveCloseAndReopen() {
        for (int i = 0; i < 50; i++) {
            String k = String.format("%03d", i);
            store.write(b -> b.put("log", k, bytes("v" + k)).put("meta", "last", bytes(k)));
        }
        store.write(b -> b.remove("log", "000"));
        reopen();
        assertEquals(49, store.map("log").size());
        assertEquals("v049", text(store.map("log").get("049")));
        assertEquals(Optional.empty(), store.map("log").get("000"));
        assertEquals("049", text(store.map("meta").get("last")));
        assertEquals(Set.of("log", "meta"), store.mapNames());
        assertEquals(HealthState.UP, store.health().state());
    }

    @Test
    void aClosedStoreRefusesEverything() {
        store.write(b -> b.put("m", "k", bytes("v")));
        StoreMap map = store.map("m");
        store.close();
        store.close(); // twice is harmless

        assertClosed(() -> store.write(b -> b.put("m", "k", bytes("w"))));
        assertClosed(() -> map.get("k"));
        assertClosed(() -> map.range(null, null, 1));
        assertClosed(map::lastKey);
        assertClosed(map::size);
        assertClosed(() -> store.map("m"));
        assertClosed(store::mapNames);
        assertEquals(HealthState.DOWN, store.health().state());
        assertEquals("store", store.health().component());
        assertEquals("store", store.component());
        assertEquals(file, store.location());
    }

    private static void assertClosed(Runnable call) {
        StoreException e = assertThrows(StoreException.class, call::run);
        assertEquals("store is closed", e.getMessage());
    }

    @Test
    void healthIsUpWhileOpen() {
        assertEquals(HealthState.UP, store.health().state());
        assertEquals("store", store.health().component());
    }

    @Test
    void aBatchEndsWithItsWrite() {
        AtomicReference<WriteBatch> leaked = new AtomicReference<>();
        store.write(leaked::set);
        assertThrows(IllegalStateException.class, () -> leaked.get().put("m", "k", bytes("v")));
        assertEquals(Set.of(), store.mapNames());
    }

    @Test
    void aWriteInsideABatchIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> store.write(b -> store.write(inner -> inner.put("m", "k", bytes("v")))));
        assertTrue(e.getMessage().contains("inside a batch"), e.getMessage());
    }

    @Test
    void aBatchReadsCommittedStateWhileItIsBuilt() {
        store.write(b -> b.put("m", "counter", bytes("1")));
        store.write(b -> {
            int n = Integer.parseInt(text(store.map("m").get("counter")));
            b.put("m", "counter", bytes(Integer.toString(n + 1)));
            assertEquals("1", text(store.map("m").get("counter")), "own changes are not visible before commit");
        });
        assertEquals("2", text(store.map("m").get("counter")));
    }

    @Test
    void readersNeverSeeHalfABatch() throws Exception {
        // every batch writes the same number under two keys of one map and into a second map
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            store.write(b -> b.put("a", "x", bytes("0")).put("a", "y", bytes("0")).put("b", "n", bytes("0")));
            List<Future<Integer>> checks = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                checks.add(readers.submit(() -> {
                    int reads = 0;
                    while (!done.get()) {
                        // one read sees the whole batch or none of it
                        List<StoreEntry> both = store.map("a").range(null, null, 10);
                        assertEquals(2, both.size());
                        String x = new String(both.get(0).value(), UTF_8);
                        String y = new String(both.get(1).value(), UTF_8);
                        assertEquals(x, y);
                        // two reads: values only grow, so the map read later is never behind
                        String b = text(store.map("b").get("n"));
                        String a = text(store.map("a").get("x"));
                        assertTrue(Integer.parseInt(a) >= Integer.parseInt(b), a + " < " + b);
                        reads++;
                    }
                    return reads;
                }));
            }
            for (int i = 1; i <= 200; i++) {
                String n = Integer.toString(i);
                store.write(b -> b.put("a", "x", bytes(n)).put("a", "y", bytes(n)).put("b", "n", bytes(n)));
            }
            done.set(true);
            for (Future<Integer> check : checks) {
                assertTrue(check.get(30, TimeUnit.SECONDS) > 0);
            }
        } finally {
            done.set(true);
            readers.shutdownNow();
        }
    }

    @Test
    void concurrentWritersAreSerialized() throws Exception {
        int threads = 4;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                jobs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        // read-modify-write inside the batch: lost updates would show as a short count
                        store.write(b -> {
                            long n = store.map("m").get("count").map(v -> Long.parseLong(new String(v, UTF_8)))
                                    .orElse(0L);
                            b.put("m", "count", bytes(Long.toString(n + 1)));
                        });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> job : jobs) {
                job.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Long.toString(threads * perThread), text(store.map("m").get("count")));
    }

    @Test
    void noBackgroundThreadEver() {
        store.write(b -> b.put("m", "k", bytes("v")));
        assertFalse(mvStoreThreadAlive(), "autocommit is off, so MVStore starts no thread");
        store.close();
        assertFalse(mvStoreThreadAlive(), "no MVStore thread survives close");
    }

    static boolean mvStoreThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .anyMatch(n -> n.startsWith("MVStore background writer") || n.startsWith("H2-"));
    }
}
