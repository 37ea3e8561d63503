package org.aegis.consensus.pbft;

import java.time.Duration;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.aegis.api.testing.MutableClock;

/**
 * A single-threaded virtual-time {@link ScheduledExecutorService}: tasks run on the test's thread when the test moves
 * time on, in (due time, submission) order, and the clock jumps to each task's due time. Deterministic by design.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final MutableClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nowNanos;
    private long submitted;
    private boolean shutdown;

    ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    /** Runs every task due within {@code duration} of now; time ends exactly {@code duration} later. */
    void runFor(Duration duration) {
        long until = nowNanos + duration.toNanos();
        runUntil(() -> false, until);
        moveTo(until);
    }

    /** Runs tasks until {@code done} holds or {@code limit} of virtual time passed; true when it holds. */
    boolean runUntil(BooleanSupplier done, Duration limit) {
        return runUntil(done, nowNanos + limit.toNanos());
    }

    private boolean runUntil(BooleanSupplier done, long untilNanos) {
        while (!done.getAsBoolean()) {
            Task next = queue.peek();
            if (next == null || next.due > untilNanos) {
                return done.getAsBoolean();
            }
            queue.poll();
            moveTo(next.due);
            if (!next.cancelled) {
                next.done = true;
                next.task.run();
            }
        }
        return true;
    }

    private void moveTo(long nanos) {
        if (nanos > nowNanos) {
            clock.advance(Duration.ofNanos(nanos - nowNanos));
            nowNanos = nanos;
        }
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        if (shutdown) {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }
        Task task = new Task(nowNanos + Math.max(0, unit.toNanos(delay)), submitted++, command);
        queue.add(task);
        return task;
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("the replica schedules runnables only");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("the replica schedules one-shot timers only");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("the replica schedules one-shot timers only");
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        queue.clear();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    private static final class Task implements ScheduledFuture<Object> {
        final long due;
        final long order;
        final Runnable task;
        boolean cancelled;
        boolean done;

        Task(long due, long order, Runnable task) {
            this.due = due;
            this.order = order;
            this.task = task;
        }


        @Override
        public long getDelay(TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int compareTo(Delayed other) {
            Task o = (Task) other;
            return due != o.due ? Long.compare(due, o.due) : Long.compare(order, o.order);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean was = !cancelled && !done;
            cancelled = true;
            return was;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }
    }
}
