package org.aegis.transport.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.aegis.transport.memory.internal.TaskQueue;
import org.aegis.transport.memory.internal.VirtualExecutor;

/**
 * A deterministic virtual clock and the scheduler of a single-threaded simulation. Nothing runs and no time
 * passes until the simulation calls {@link #runUntilIdle()}, {@link #advance(Duration)} or
 * {@link #runUntil(BooleanSupplier, Duration)}; then tasks run on the caller's thread in (due time, insertion)
 * order and the clock jumps from one due time to the next. There are no threads and no sleeping.
 *
 * <p>Give components under simulation this object (or one of {@link #newExecutor()}) as their executor and
 * {@link #clock()} as their clock: every timer and every message delivery of a {@link MemoryNetwork} is then
 * ordered by it. As a {@link ScheduledExecutorService} it behaves like a ScheduledThreadPoolExecutor with
 * default policies (after {@link #shutdown()} delayed tasks still run, periodic ones are cancelled), except:
 * {@code invokeAll}/{@code invokeAny} run the tasks at once in the caller (there is no thread to wait for),
 * {@code awaitTermination} waits in virtual time, and a task given to {@code execute} that throws aborts the
 * driver call with its exception (a simulation must not lose a failure), unless {@link #onTaskFailure}
 * says otherwise. Fixed-rate and fixed-delay schedules coincide, since a task takes no virtual time.
 *
 * <p>Scheduling is safe from any thread; the driver methods are not reentrant (a task cannot call them).
 */
public final class VirtualTime implements ScheduledExecutorService {
    private final Instant origin;
    private final TaskQueue queue = new TaskQueue();
    private final VirtualExecutor executor = new VirtualExecutor(queue);
    private final Clock clock;

    /** A virtual time starting at the Unix epoch. */
    public VirtualTime() {
        this(Instant.EPOCH);
    }

    public VirtualTime(Instant origin) {
        this.origin = Objects.requireNonNull(origin, "origin");
        this.clock = new VirtualClock(ZoneOffset.UTC);
    }

    /** The current virtual instant. */
    public Instant instant() {
        return origin.plusNanos(queue.now());
    }

    /** Virtual time passed since the origin. */
    public Duration elapsed() {
        return Duration.ofNanos(queue.now());
    }

    /** A UTC clock that reads this virtual time; {@link Clock#withZone} gives other zones on the same time. */
    public Clock clock() {
        return clock;
    }

    /**
     * A further executor on this time, for one simulated component: shutting it down (for instance when the
     * simulation crashes the node it belongs to) cancels only the timers submitted through it.
     */
    public ScheduledExecutorService newExecutor() {
        return new VirtualExecutor(queue);
    }

    /**
     * Runs tasks, advancing the clock to each one's due time, until none is left. Fails at once while a periodic
     * task is scheduled (it would never end); a component that re-arms its own timer has the same effect and
     * needs {@link #advance} or {@link #runUntil} instead.
     *
     * @return the number of tasks run
     */
    public int runUntilIdle() {
        return queue.runUntilIdle();
    }

    /**
     * Runs every task due within {@code duration} in order, then sets the clock to now + {@code duration}.
     * {@code advance(Duration.ZERO)} runs what is due now.
     *
     * @return the number of tasks run
     */
    public int advance(Duration duration) {
        return queue.advance(duration.toNanos());
    }

    /**
     * Runs tasks in order until {@code condition} holds (checked before the first and after every task) or
     * {@code limit} of virtual time has passed; the clock stops at the task that made the condition true, or
     * at now + {@code limit}.
     *
     * @return whether the condition holds
     */
    public boolean runUntil(BooleanSupplier condition, Duration limit) {
        return queue.runUntil(Objects.requireNonNull(condition, "condition"), limit.toNanos());
    }

    /** Tasks waiting to run (cancelled ones excluded). */
    public int pendingTasks() {
        return queue.size();
    }

    /**
     * Replaces the default handling of an exception thrown by a task nobody holds a future for (given to
     * {@code execute}, or a network handler): by default the driver call rethrows it. A handler that returns
     * lets the simulation go on.
     */
    public void onTaskFailure(Consumer<? super Throwable> handler) {
        queue.onTaskFailure(Objects.requireNonNull(handler, "handler"));
    }

    TaskQueue queue() {
        return queue;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return executor.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return executor.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return executor.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return executor.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        executor.execute(command);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return executor.submit(task);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return executor.submit(task, result);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return executor.submit(task);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) {
        return executor.invokeAll(tasks);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit) {
        return executor.invokeAll(tasks, timeout, unit);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws ExecutionException {
        return executor.invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws ExecutionException {
        return executor.invokeAny(tasks, timeout, unit);
    }

    /** Stops accepting tasks submitted through this object (not those of {@link #newExecutor()} or the network). */
    @Override
    public void shutdown() {
        executor.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return executor.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return executor.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return executor.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return executor.awaitTermination(timeout, unit);
    }

    @Override
    public String toString() {
        return "VirtualTime[" + instant() + ", " + pendingTasks() + " pending]";
    }

    /** A view, not a copy: it reads the virtual time whenever asked. */
    private final class VirtualClock extends Clock {
        private final ZoneId zone;

        VirtualClock(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId newZone) {
            return newZone.equals(zone) ? this : new VirtualClock(newZone);
        }

        @Override
        public Instant instant() {
            return VirtualTime.this.instant();
        }

        @Override
        public String toString() {
            return "VirtualClock[" + instant() + ", " + zone + "]";
        }
    }
}
