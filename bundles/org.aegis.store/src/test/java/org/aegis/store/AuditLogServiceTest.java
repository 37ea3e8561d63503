package org.aegis.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.LongStream;
import org.aegis.api.audit.AuditEntry;
import org.aegis.api.audit.AuditRecord;
import org.aegis.api.store.Store;
import org.aegis.api.store.StoreEntry;
import org.aegis.api.store.StoreException;
import org.aegis.api.store.StoreMap;
import org.aegis.api.store.WriteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogServiceTest {
    @TempDir
    Path dir;

    private Path file;
    private StoreService store;
    private AuditLogService audit;

    @BeforeEach
    void open() {
        file = dir.resolve("aegis.mv.db");
        store = new StoreService(file, 16);
        audit = newAudit();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** The records below are from January 2026; the log is read then, with the default retention. */
    private AuditLogService newAudit() {
        return new AuditLogService(store, Clock.fixed(Instant.parse("2026-01-03T00:00:00Z"), ZoneOffset.UTC),
                AuditRetention.of("P90D", 1_000_000));
    }

    @Test
    void entriesBeyondTheRetentionAreRemovedFromTheHeadAndSequencesGoOn() {
        for (int i = 1; i <= 3 * AuditLogService.PRUNE_EVERY; i++) {
            audit.append(record(i));
        }
        // Record i was written at 03:04:05 + i s. A week and 100 s later, with a week's retention: 1..99 are too old.
        Instant weekLater = Instant.parse("2026-01-09T03:05:45.123456789Z");
        AuditLogService later = new AuditLogService(store, Clock.fixed(weekLater, ZoneOffset.UTC),
                AuditRetention.of("P7D", 1_000_000));
        assertEquals(3 * AuditLogService.PRUNE_EVERY - 99, store.map(Store.AUDIT_LOG).size());
        assertEquals(100, later.read(0, 1000).get(0).sequence());
        // With room for 50 entries only the newest 50 stay; sequence numbers go on after the last.
        AuditLogService smaller = new AuditLogService(store, Clock.fixed(weekLater, ZoneOffset.UTC),
                AuditRetention.of("P7D", 50));
        assertEquals(50, store.map(Store.AUDIT_LOG).size());
        assertEquals(3 * AuditLogService.PRUNE_EVERY - 49, smaller.read(0, 1000).get(0).sequence());
        assertEquals(3 * AuditLogService.PRUNE_EVERY + 1, smaller.append(record(0)).sequence());

        // A week after the newest entry everything but what is appended then goes.
        Instant monthLater = Instant.parse("2026-02-12T00:00:00Z");
        AuditLogService muchLater = new AuditLogService(store, Clock.fixed(monthLater, ZoneOffset.UTC),
                AuditRetention.of("P7D", 50));
        assertEquals(0, store.map(Store.AUDIT_LOG).size());
        assertEquals(3 * AuditLogService.PRUNE_EVERY + 2, muchLater.append(new AuditRecord(monthLater, "a", "b", "c", "d", "")).sequence());
    }

    @Test
    void badRetentionSettingsAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuditRetention.of("90 days", 1)).getMessage()
                .contains("ISO-8601"));
        assertThrows(IllegalArgumentException.class, () -> AuditRetention.of("P1D", 0));
        assertThrows(IllegalArgumentException.class, () -> AuditRetention.of("-P1D", 1));
    }

    private static AuditRecord record(int i) {
        return new AuditRecord(Instant.parse("2026-01-02T03:04:05.123456789Z").plusSeconds(i), "alice",
                "POST /api/v1/proposals", "201", "127.0.0.1", "proposal " + i);
    }

    @Test
    void sequencesStartAtOneAndHaveNoGaps() {
        for (int i = 1; i <= 5; i++) {
            AuditEntry entry = audit.append(record(i));
            assertEquals(i, entry.sequence());
            assertEquals(record(i), entry.record());
        }
        List<AuditEntry> all = audit.read(0, 100);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), all.stream().map(AuditEntry::sequence).toList());
        assertEquals(record(3), all.get(2).record(), "the record comes back exactly, nanoseconds included");
    }

    @Test
    void sequencesContinueAfterARestart() {
        audit.append(record(1));
        audit.append(record(2));
        store.close();
        store = new StoreService(file, 16);
        audit = newAudit();
        assertEquals(3, audit.append(record(3)).sequence());
        assertEquals(List.of(1L, 2L, 3L), audit.read(1, 10).stream().map(AuditEntry::sequence).toList());
    }

    @Test
    void entriesAreStoredAsJsonUnderZeroPaddedKeys() {
        audit.append(record(0));
        List<StoreEntry> stored = store.map(Store.AUDIT_LOG).range(null, null, 10);
        assertEquals(1, stored.size());
        assertEquals("00000000000000000001", stored.get(0).key());
        String json = new String(stored.get(0).value(), UTF_8);
        assertTrue(json.contains("\"time\":\"2026-01-02T03:04:05.123456789Z\""), json);
        assertTrue(json.contains("\"actor\":\"alice\""), json);
        assertTrue(json.contains("\"outcome\":\"201\""), json);
    }

    @Test
    void keyOrderIsSequenceOrderPastTen() {
        for (int i = 1; i <= 12; i++) {
            audit.append(record(i));
        }
        assertEquals(LongStream.rangeClosed(9, 12).boxed().toList(),
                audit.read(9, 100).stream().map(AuditEntry::sequence).toList());
        assertEquals(12L, Long.parseLong(store.map(Store.AUDIT_LOG).lastKey().orElseThrow()));
    }

    @Test
    void readHonoursFromAndLimit() {
        for (int i = 1; i <= 10; i++) {
            audit.append(record(i));
        }
        assertEquals(List.of(4L, 5L, 6L), audit.read(4, 3).stream().map(AuditEntry::sequence).toList());
        assertEquals(List.of(10L), audit.read(10, 5).stream().map(AuditEntry::sequence).toList());
        assertEquals(List.of(), audit.read(11, 5));
        assertEquals(10, audit.read(0, 1000).size());
    }

    @Test
    void readReturnsAtMostAThousand() {
        store.write(b -> {
            AuditCodec codec = new AuditCodec();
            for (int i = 1; i <= 1005; i++) {
                b.put(Store.AUDIT_LOG, AuditCodec.key(i), codec.encode(record(i)));
            }
        });
        audit = newAudit();
        List<AuditEntry> page = audit.read(1, Integer.MAX_VALUE);
        assertEquals(AuditLogService.MAX_READ, page.size());
        assertEquals(1000L, page.get(999).sequence());
        assertEquals(1006, audit.append(record(0)).sequence());
    }

    @Test
    void rejectsBadArguments() {
        assertMessage(() -> audit.read(1, 0), "limit");
        assertMessage(() -> audit.read(1, -5), "limit");
        assertMessage(() -> audit.read(-1, 5), "fromSequence");
        assertMessage(() -> audit.append(null), "record");
        Instant t = Instant.now();
        assertMessage(() -> audit.append(new AuditRecord(null, "a", "b", "c", "d", "e")), "time");
        assertMessage(() -> audit.append(new AuditRecord(t, null, "b", "c", "d", "e")), "actor");
        assertMessage(() -> audit.append(new AuditRecord(t, "a", null, "c", "d", "e")), "action");
        assertMessage(() -> audit.append(new AuditRecord(t, "a", "b", null, "d", "e")), "outcome");
        assertEquals(List.of(), audit.read(0, 10), "nothing rejected was written");
        assertEquals(1, audit.append(new AuditRecord(t, "a", "b", "c", null, null)).sequence(),
                "client and detail are optional, and rejections used no sequence number");
    }

    private static void assertMessage(Runnable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void aFailedAppendUsesNoNumber() {
        audit.append(record(1));
        store.close();
        assertThrows(StoreException.class, () -> audit.append(record(2)));
        store = new StoreService(file, 16);
        audit = newAudit();
        assertEquals(2, audit.append(record(2)).sequence());
    }

    @Test
    void concurrentAppendsGetDistinctConsecutiveSequences() throws Exception {
        int threads = 4;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<Long> sequences = new ConcurrentLinkedQueue<>();
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                jobs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        AuditEntry entry = audit.append(new AuditRecord(Instant.now(), "t" + thread, "append",
                                "ok", "test", Integer.toString(i)));
                        sequences.add(entry.sequence());
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
        int total = threads * perThread;
        Set<Long> distinct = new TreeSet<>(sequences);
        assertEquals(total, sequences.size());
        assertEquals(LongStream.rangeClosed(1, total).boxed().toList(), List.copyOf(distinct));
        List<AuditEntry> stored = audit.read(1, 1000);
        assertEquals(total, stored.size());
        for (int i = 0; i < total; i++) {
            assertEquals(i + 1, stored.get(i).sequence(), "stored in sequence order with no gap");
        }
    }

    @Test
    void appendsThatArriveDuringACommitAreCommittedTogether() throws Exception {
        int callers = 8;
        CountDownLatch allCalling = new CountDownLatch(callers);
        SlowFirstWrite slow = new SlowFirstWrite(store, allCalling);
        AuditLogService grouped = new AuditLogService(slow, Clock.systemUTC(), AuditRetention.of("P90D", 1_000_000));
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<AuditEntry>> appends = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                int caller = t;
                appends.add(pool.submit(() -> {
                    allCalling.countDown();
                    return grouped.append(new AuditRecord(Instant.now(), "t" + caller, "append", "ok", "test", "x"));
                }));
            }
            Set<Long> sequences = new TreeSet<>();
            for (Future<AuditEntry> append : appends) {
                sequences.add(append.get(60, TimeUnit.SECONDS).sequence());
            }
            assertEquals(LongStream.rangeClosed(1, callers).boxed().toList(), List.copyOf(sequences));
            // the first append alone, then the seven that queued while it was written: two commits, not eight
            assertEquals(2, slow.writes, "store writes");
        } finally {
            pool.shutdownNow();
        }
    }

    /** A store whose first write waits until every caller has called, and a little longer. */
    private static final class SlowFirstWrite implements Store {
        private final Store delegate;
        private final CountDownLatch allCalling;
        volatile int writes;

        SlowFirstWrite(Store delegate, CountDownLatch allCalling) {
            this.delegate = delegate;
            this.allCalling = allCalling;
        }

        @Override
        public synchronized void write(Consumer<WriteBatch> changes) {
            if (writes++ == 0) {
                try {
                    allCalling.await(10, TimeUnit.SECONDS);
                    Thread.sleep(200); // the others are queued behind the append lock by then
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            delegate.write(changes);
        }

        @Override
        public StoreMap map(String name) {
            return delegate.map(name);
        }

        @Override
        public Set<String> mapNames() {
            return delegate.mapNames();
        }

        @Override
        public Path location() {
            return delegate.location();
        }

        @Override
        public void backup(Path target) {
            delegate.backup(target);
        }
    }

    @Test
    void aDamagedEntryIsReportedNotSkipped() {
        audit.append(record(1));
        store.write(b -> b.put(Store.AUDIT_LOG, AuditCodec.key(2), "{not json".getBytes(UTF_8)));
        StoreException e = assertThrows(StoreException.class, () -> audit.read(1, 10));
        assertTrue(e.getMessage().contains("00000000000000000002"), e.getMessage());
    }
}
