package org.aegis.transport.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VirtualTimeTest {
    private final VirtualTime time = new VirtualTime(Instant.parse("2030-01-01T00:00:00Z"));
    private final List<String> ran = new ArrayList<>();

    @Test
    void nothingRunsUntilDriven() {
        time.execute(() -> ran.add("now"));
        time.schedule(() -> ran.add("later"), 5, TimeUnit.SECONDS);
        assertEquals(List.of(), ran);
        assertEquals(2, time.pendingTasks());
        assertEquals(Duration.ZERO, time.elapsed());
    }

    @Test
    void tasksRunByDueTimeThenInsertionOrder() {
        time.schedule(() -> ran.add("b@20"), 20, TimeUnit.MILLISECONDS);
        time.schedule(() -> ran.add("a@10"), 10, TimeUnit.MILLISECONDS);
        time.schedule(() -> ran.add("c@20"), 20, TimeUnit.MILLISECONDS);
        time.execute(() -> ran.add("d@0"));
        time.schedule(() -> ran.add("e@-5"), -5, TimeUnit.MILLISECONDS);

        assertEquals(5, time.runUntilIdle());

        assertEquals(List.of("d@0", "e@-5", "a@10", "b@20", "c@20"), ran);
        assertEquals(Duration.ofMillis(20), time.elapsed());
    }

    @Test
    void clockReadsVirtualTime() {
        Clock clock = time.clock();
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        List<Instant> seen = new ArrayList<>();
        time.schedule(() -> seen.add(clock.instant()), 1500, TimeUnit.MILLISECONDS);

        time.advance(Duration.ofSeconds(2));

        assertEquals(List.of(Instant.parse("2030-01-01T00:00:01.500Z")), seen);
        assertEquals(Instant.parse("2030-01-01T00:00:02Z"), clock.instant());
        assertEquals(clock.millis(), paris.millis());
        assertEquals(ZoneId.of("Europe/Paris"), paris.getZone());
        assertEquals(Instant.parse("2030-01-01T00:00:02Z"), time.instant());
    }

    @Test
    void advanceRunsOnlyWhatIsDueAndLandsOnTheTarget() {
        time.schedule(() -> ran.add("1s"), 1, TimeUnit.SECONDS);
        time.schedule(() -> ran.add("3s"), 3, TimeUnit.SECONDS);

        assertEquals(1, time.advance(Duration.ofSeconds(2)));
        assertEquals(List.of("1s"), ran);
        assertEquals(Duration.ofSeconds(2), time.elapsed());
        assertEquals(0, time.advance(Duration.ZERO));
        assertEquals(1, time.advance(Duration.ofSeconds(1)));
        assertEquals(List.of("1s", "3s"), ran);
        assertThrows(IllegalArgumentException.class, () -> time.advance(Duration.ofSeconds(-1)));
    }

    @Test
    void taskSeesItsOwnDueTimeAndCanScheduleMore() {
        List<Duration> at = new ArrayList<>();
        time.schedule(() -> {
            at.add(time.elapsed());
            time.schedule(() -> at.add(time.elapsed()), 7, TimeUnit.MILLISECONDS);
        }, 3, TimeUnit.MILLISECONDS);

        time.runUntilIdle();

        assertEquals(List.of(Duration.ofMillis(3), Duration.ofMillis(10)), at);
    }

    @Test
    void runUntilStopsWhenTheConditionHoldsOrAtTheLimit() {
        AtomicInteger ticks = new AtomicInteger();
        time.scheduleAtFixedRate(ticks::incrementAndGet, 100, 100, TimeUnit.MILLISECONDS);

        assertTrue(time.runUntil(() -> ticks.get() == 3, Duration.ofSeconds(10)));
        assertEquals(Duration.ofMillis(300), time.elapsed());

        assertFalse(time.runUntil(() -> ticks.get() == 100, Duration.ofMillis(450)));
        assertEquals(7, ticks.get());
        assertEquals(Duration.ofMillis(750), time.elapsed());

        assertTrue(time.runUntil(() -> true, Duration.ZERO));
    }

    @Test
    void fixedRateAndFixedDelayTickAtTheirPeriod() {
        List<String> ticks = new ArrayList<>();
        time.scheduleAtFixedRate(() -> ticks.add("rate@" + time.elapsed().toMillis()), 0, 40, TimeUnit.MILLISECONDS);
        time.scheduleWithFixedDelay(() -> ticks.add("delay@" + time.elapsed().toMillis()), 10, 50, TimeUnit.MILLISECONDS);

        time.advance(Duration.ofMillis(100));

        assertEquals(List.of("rate@0", "delay@10", "rate@40", "delay@60", "rate@80"), ticks);
        assertThrows(IllegalArgumentException.class, () -> time.scheduleAtFixedRate(() -> { }, 0, 0, TimeUnit.SECONDS));
    }

    @Test
    void runUntilIdleRefusesPeriodicTasksInsteadOfSpinningForever() {
        ScheduledFuture<?> tick = time.scheduleAtFixedRate(() -> { }, 1, 1, TimeUnit.SECONDS);
        assertThrows(IllegalStateException.class, time::runUntilIdle);

        tick.cancel(false);
        assertEquals(0, time.runUntilIdle());
    }

    @Test
    void aPeriodicTaskCanCancelItself() {
        List<ScheduledFuture<?>> self = new ArrayList<>();
        self.add(time.scheduleAtFixedRate(() -> {
            ran.add("tick");
            if (ran.size() == 3) {
                self.get(0).cancel(false);
            }
        }, 1, 1, TimeUnit.SECONDS));

        time.advance(Duration.ofSeconds(10));

        assertEquals(List.of("tick", "tick", "tick"), ran);
        assertEquals(0, time.pendingTasks());
        assertEquals(0, time.runUntilIdle(), "no periodic task is left");
    }

    @Test
    void cancelledTasksDoNotRun() {
        ScheduledFuture<?> cancelled = time.schedule(() -> ran.add("cancelled"), 1, TimeUnit.SECONDS);
        time.schedule(() -> ran.add("kept"), 2, TimeUnit.SECONDS);

        assertTrue(cancelled.cancel(true));

        assertEquals(1, time.pendingTasks());
        time.runUntilIdle();
        assertEquals(List.of("kept"), ran);
        assertTrue(cancelled.isCancelled());
    }

    @Test
    void manyCancelledTimersArePurged() {
        // a consensus replica re-arms a timeout on every request: the queue must not fill with dead entries
        for (int i = 0; i < 10_000; i++) {
            time.schedule(() -> ran.add("stale"), 1, TimeUnit.SECONDS).cancel(false);
        }
        time.schedule(() -> ran.add("live"), 1, TimeUnit.SECONDS);

        assertEquals(1, time.pendingTasks());
        time.runUntilIdle();
        assertEquals(List.of("live"), ran);
    }

    @Test
    void delayOfAFutureIsVirtual() throws Exception {
        ScheduledFuture<String> future = time.schedule(() -> "done", 5, TimeUnit.SECONDS);
        time.advance(Duration.ofSeconds(2));

        assertEquals(3, future.getDelay(TimeUnit.SECONDS));
        assertFalse(future.isDone());
        time.advance(Duration.ofSeconds(3));
        assertTrue(future.isDone());
        assertEquals("done", future.get());
    }

    @Test
    void submittedTaskFailureGoesToItsFuture() {
        Future<?> failed = time.submit(() -> {
            throw new IllegalStateException("boom");
        });

        time.runUntilIdle();

        ExecutionException e = assertThrows(ExecutionException.class, failed::get);
        assertInstanceOf(IllegalStateException.class, e.getCause());
    }

    @Test
    void executedTaskFailureAbortsTheDriverUnlessHandled() {
        time.execute(() -> {
            throw new IllegalStateException("bug in a simulated component");
        });
        time.execute(() -> ran.add("after"));

        IllegalStateException e = assertThrows(IllegalStateException.class, time::runUntilIdle);
        assertEquals("bug in a simulated component", e.getMessage());
        assertEquals(List.of(), ran);

        List<Throwable> failures = new ArrayList<>();
        time.onTaskFailure(failures::add);
        time.execute(() -> {
            throw new IllegalArgumentException("tolerated");
        });
        time.runUntilIdle();
        assertEquals(List.of("after"), ran);
        assertEquals(1, failures.size());
    }

    @Test
    void driverIsNotReentrant() {
        time.execute(() -> time.advance(Duration.ofSeconds(1)));
        assertThrows(IllegalStateException.class, time::runUntilIdle);
    }

    @Test
    void shutdownRejectsNewTasksRunsDelayedOnesAndCancelsPeriodicOnes() {
        ScheduledFuture<?> periodic = time.scheduleAtFixedRate(() -> ran.add("tick"), 1, 1, TimeUnit.SECONDS);
        time.schedule(() -> ran.add("delayed"), 3, TimeUnit.SECONDS);

        time.shutdown();

        assertTrue(time.isShutdown());
        assertFalse(time.isTerminated());
        assertTrue(periodic.isCancelled());
        assertThrows(RejectedExecutionException.class, () -> time.execute(() -> { }));
        assertThrows(RejectedExecutionException.class, () -> time.schedule(() -> { }, 1, TimeUnit.SECONDS));
        time.runUntilIdle();
        assertEquals(List.of("delayed"), ran);
        assertTrue(time.isTerminated());
    }

    @Test
    void shutdownNowReturnsWhatNeverRanInOrder() {
        Runnable first = () -> ran.add("first");
        time.schedule(() -> ran.add("second"), 2, TimeUnit.SECONDS);
        time.schedule(first, 1, TimeUnit.SECONDS);

        List<Runnable> pending = time.shutdownNow();

        assertEquals(2, pending.size());
        assertEquals(0, time.pendingTasks());
        assertTrue(time.isTerminated());
        time.runUntilIdle();
        assertEquals(List.of(), ran);
        assertTrue(((ScheduledFuture<?>) pending.get(0)).getDelay(TimeUnit.MILLISECONDS) == 1000);
    }

    @Test
    void awaitTerminationWaitsInVirtualTime() {
        time.schedule(() -> ran.add("slow"), 10, TimeUnit.SECONDS);
        time.shutdown();

        assertFalse(time.awaitTermination(5, TimeUnit.SECONDS));
        assertEquals(Duration.ofSeconds(5), time.elapsed());
        assertTrue(time.awaitTermination(1, TimeUnit.MINUTES));
        assertEquals(Duration.ofSeconds(10), time.elapsed());
        assertEquals(List.of("slow"), ran);
    }

    @Test
    void newExecutorShutsDownOnlyItsOwnTasks() {
        ScheduledExecutorService replica = time.newExecutor();
        ScheduledExecutorService other = time.newExecutor();
        assertNotSame(replica, other);
        replica.scheduleAtFixedRate(() -> ran.add("replica"), 1, 1, TimeUnit.SECONDS);
        other.schedule(() -> ran.add("other"), 2, TimeUnit.SECONDS);
        time.schedule(() -> ran.add("root"), 3, TimeUnit.SECONDS);

        time.advance(Duration.ofMillis(1500));
        assertEquals(1, replica.shutdownNow().size());
        time.runUntilIdle();

        assertEquals(List.of("replica", "other", "root"), ran);
        assertTrue(replica.isTerminated());
        assertFalse(other.isShutdown());
        assertFalse(time.isShutdown());
    }

    @Test
    void invokeAllAndInvokeAnyRunInTheCaller() throws Exception {
        List<Callable<String>> tasks = List.of(() -> "a", () -> {
            throw new IllegalStateException("b failed");
        }, () -> "c");

        List<Future<String>> all = time.invokeAll(tasks);

        assertEquals("a", all.get(0).get());
        assertThrows(ExecutionException.class, () -> all.get(1).get());
        assertEquals("c", all.get(2).get());
        assertEquals("c", time.invokeAny(tasks.subList(1, 3)));
        assertThrows(ExecutionException.class, () -> time.invokeAny(tasks.subList(1, 2)));
        assertEquals(Duration.ZERO, time.elapsed());
    }

    @Test
    void clockIsAView() {
        Clock clock = time.clock();
        assertSame(clock, clock.withZone(clock.getZone()));
        time.advance(Duration.ofNanos(1));
        assertEquals(Instant.parse("2030-01-01T00:00:00.000000001Z"), clock.instant());
    }
}
