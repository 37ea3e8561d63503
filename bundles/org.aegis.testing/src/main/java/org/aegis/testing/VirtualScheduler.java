package org.aegis.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A single-threaded virtual-time {@link ScheduledExecutorService}: tasks run on the test's thread only when the test
 * moves time on, in (due time, submission) order, and the {@link MutableClock} jumps to each task's due time. No real
 * sleeps, and the same inputs always give the same order of events.
 */
public final class VirtualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private static final int MAX_TASKS_AT_ONE_INSTANT = 10_000_000;

    private final MutableClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long submitted;
    private boolean shutdown;

    public VirtualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    /** Runs every task due now, including the ones they schedule for now. */
    public void runUntilIdle() {
        runFor(Duration.ZERO);
    }

    /** Runs every task due within {@code duration} of now, each at its own time; time ends exactly then. */
    public void runFor(Duration duration) {
        Instant until = clock.instant().plus(duration);
        runUntil(() -> false, until);
        if (clock.instant().isBefore(until)) {
            clock.set(until);
        }
    }

    /** Runs tasks until {@code done} holds or {@code limit} of virtual time passed; true when it holds. */
    public boolean runUntil(BooleanSupplier done, Duration limit) {
        return runUntil(done, clock.instant().plus(limit));
    }

    private boolean runUntil(BooleanSupplier done, Instant until) {
        int atThisInstant = 0;
        while (!done.getAsBoolean()) {
            Task next = queue.peek();
            if (next == null || next.due.isAfter(until)) {
                return false;
            }
            queue.poll();
            if (next.cancelled) {
                continue;
            }
            if (next.due.isAfter(clock.instant())) {
                clock.set(next.due);
                atThisInstant = 0;
            } else if (++atThisInstant > MAX_TASKS_AT_ONE_INSTANT) {
                throw new IllegalStateException("tasks keep scheduling tasks for now: time cannot move on");
            }
            next.run();
        }
        return true;
    }

    private Task enqueue(Runnable action, long delay, Duration period, TimeUnit unit) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        Instant due = clock.instant().plus(Duration.of(Math.max(0, delay), unit.toChronoUnit()));
        Task task = new Task(action, due, period, submitted++);
        queue.add(task);
        return task;
    }

    @Override
    public void execute(Runnable command) {
        enqueue(command, 0, null, TimeUnit.NANOSECONDS);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(command, delay, null, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("only runnables are scheduled here");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        if (period <= 0) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
        return enqueue(command, initialDelay, Duration.of(period, unit.toChronoUnit()), unit);
    }

    /** The same as a fixed rate: tasks take no virtual time. */
    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return scheduleAtFixedRate(command, initialDelay, delay, unit);
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

    private final class Task implements ScheduledFuture<Object>, Runnable {
        private final Runnable action;
        private final Duration period;
        private final long order;
        private Instant due;
        private boolean cancelled;
        private boolean done;

        Task(Runnable action, Instant due, Duration period, long order) {
            this.action = action;
            this.due = due;
            this.period = period;
            this.order = order;
        }

        @Override
        public void run() {
            action.run();
            if (period != null && !cancelled && !shutdown) {
                due = due.plus(period);
                queue.add(this);
            } else {
                done = true;
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(Duration.between(clock.instant(), due));
        }

        @Override
        public int compareTo(Delayed other) {
            Task that = (Task) other;
            int byTime = due.compareTo(that.due);
            return byTime != 0 ? byTime : Long.compare(order, that.order);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean wasPending = !cancelled && !done;
            cancelled = true;
            return wasPending;
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
            throw new UnsupportedOperationException("tests do not wait on timers");
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            throw new UnsupportedOperationException("tests do not wait on timers");
        }
    }
}
