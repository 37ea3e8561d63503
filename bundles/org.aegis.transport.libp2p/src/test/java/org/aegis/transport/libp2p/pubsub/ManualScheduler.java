package org.aegis.transport.libp2p.pubsub;

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
import org.aegis.api.testing.MutableClock;

/**
 * A scheduler that runs tasks on the test's thread only when the test moves time: {@link #runUntilIdle()} runs
 * what is due now, {@link #advance(Duration)} walks the clock through every timer on the way. No real sleeps, and
 * the same inputs always give the same order of events.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private static final int MAX_TASKS_PER_STEP = 10_000_000;

    private final MutableClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long sequence;
    private boolean shutdown;

    ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    /** Runs every task due now, including the ones they schedule for now. */
    void runUntilIdle() {
        runDue(clock.instant());
    }

    /** Moves the clock forward by {@code duration}, running each timer at its own time on the way. */
    void advance(Duration duration) {
        Instant target = clock.instant().plus(duration);
        runDue(clock.instant());
        while (!queue.isEmpty() && !queue.peek().due.isAfter(target)) {
            clock.set(queue.peek().due);
            runDue(clock.instant());
        }
        clock.set(target);
        runDue(target);
    }

    private void runDue(Instant now) {
        int ran = 0;
        while (!queue.isEmpty() && !queue.peek().due.isAfter(now)) {
            Task task = queue.poll();
            if (task.cancelled) {
                continue;
            }
            task.run();
            if (++ran > MAX_TASKS_PER_STEP) {
                throw new IllegalStateException("tasks keep scheduling tasks: no idle point");
            }
        }
    }

    private Task enqueue(Runnable action, Duration delay, Duration period) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        Task task = new Task(action, clock.instant().plus(delay), period, sequence++);
        queue.add(task);
        return task;
    }

    @Override
    public void execute(Runnable command) {
        enqueue(command, Duration.ZERO, null);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return enqueue(command, Duration.of(delay, unit.toChronoUnit()), null);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException("the router schedules runnables only");
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return enqueue(command, Duration.of(initialDelay, unit.toChronoUnit()),
                Duration.of(period, unit.toChronoUnit()));
    }

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
        return true;
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
            cancelled = true;
            queue.remove(this);
            return !done;
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
