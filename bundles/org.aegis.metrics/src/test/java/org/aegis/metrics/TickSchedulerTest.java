package org.aegis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aegis.api.telemetry.LatencyHistogram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tick's schedule, on an executor that runs nothing by itself and a clock that moves only when told. */
class TickSchedulerTest {
    static final long MS = 1_000_000;
    static final long PERIOD = 50 * MS;

    final AtomicLong now = new AtomicLong(5_000 * MS);
    final ManualExecutor executor = new ManualExecutor();
    final List<Long> ticks = new ArrayList<>();
    final LatencyHistogram lateness = new LatencyHistogram();
    final TickScheduler scheduler = new TickScheduler(executor, now::get, () -> ticks.add(now.get()), lateness);

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    @Test
    void eachTicksLatenessAgainstItsDeadlineIsRecorded() {
        long start = now.get();
        scheduler.runEvery(PERIOD);
        executor.runNext(); // on time
        now.set(start + PERIOD + 30 * MS);
        executor.runNext(); // 30 ms late

        LatencyHistogram.Snapshot snapshot = lateness.snapshot();
        assertEquals(2, snapshot.count());
        assertEquals(1, snapshot.bucketCounts().get(0), "on time, in the first bucket");
        assertEquals(1, snapshot.bucketCounts().get(LatencyHistogram.DEFAULT_BOUNDS_SECONDS.indexOf(0.05)),
                "30 ms late, in the 50 ms bucket");
        assertEquals(0.030, snapshot.sumSeconds(), 1e-9);
    }

    @Test
    void aLateTickIsCaughtUpAndABacklogOfOverASecondIsDropped() {
        long start = now.get();
        scheduler.runEvery(PERIOD);
        assertEquals(0, executor.runNext()); // the first tick at once
        assertEquals(List.of(start), ticks);
        assertEquals(PERIOD, executor.pendingDelay());

        now.set(start + PERIOD + 30 * MS); // it ran 30 ms late: the next one comes sooner
        executor.runNext();
        assertEquals(PERIOD - 30 * MS, executor.pendingDelay());

        now.set(start + 2 * PERIOD + 3_000 * MS); // a suspended machine: the backlog is dropped
        executor.runNext();
        assertEquals(59, scheduler.ticksDropped()); // 2950 ms behind at 50 ms a tick
        assertEquals(0, executor.pendingDelay());
        long resumed = now.get();
        executor.runNext();
        assertEquals(PERIOD, executor.pendingDelay());

        now.set(resumed + 2 * PERIOD + 900 * MS); // under a second behind: caught up, tick after tick
        executor.runNext();
        assertEquals(0, executor.pendingDelay());
        executor.runNext();
        assertEquals(0, executor.pendingDelay());
        assertEquals(59, scheduler.ticksDropped());
        assertEquals(6, ticks.size());
    }

    @Test
    void stoppingOrReschedulingEndsTheRunningLoop() {
        scheduler.runEvery(PERIOD);
        executor.runNext();
        scheduler.runEvery(2 * PERIOD); // the old loop's turn is still pending
        executor.runNext();
        assertEquals(1, ticks.size()); // the old turn ends without a tick
        executor.runNext();
        assertEquals(2, ticks.size());
        assertEquals(2 * PERIOD, executor.pendingDelay());

        scheduler.stop();
        executor.runNext();
        assertEquals(2, ticks.size());
        assertTrue(executor.scheduled.isEmpty());
    }

    /** Keeps what is scheduled for the test to run, in order, with the delay it was given. */
    static final class ManualExecutor extends ScheduledThreadPoolExecutor {
        record Scheduled(Runnable task, long delayNanos) {
        }

        final Deque<Scheduled> scheduled = new ArrayDeque<>();

        ManualExecutor() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            scheduled.add(new Scheduled(task, unit.toNanos(delay)));
            return null;
        }

        long pendingDelay() {
            assertEquals(1, scheduled.size());
            return scheduled.getFirst().delayNanos();
        }

        /** Runs the oldest scheduled task; returns the delay it was scheduled with. */
        long runNext() {
            Scheduled next = scheduled.removeFirst();
            next.task().run();
            return next.delayNanos();
        }
    }
}
