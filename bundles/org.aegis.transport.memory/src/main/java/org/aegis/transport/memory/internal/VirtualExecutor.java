package org.aegis.transport.memory.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ScheduledExecutorService} on a {@link TaskQueue}. Several share one queue (one per simulated
 * component); shutting one down affects only the tasks submitted through it. Shutdown follows
 * ScheduledThreadPoolExecutor's defaults: delayed one-shot tasks still run, periodic tasks are cancelled.
 */
public final class VirtualExecutor implements ScheduledExecutorService {
    private final TaskQueue queue;
    private final Set<VirtualTask<?>> tasks = new HashSet<>();
    private boolean shutdown;

    public VirtualExecutor(TaskQueue queue) {
        this.queue = queue;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return submitTask(Executors.callable(Objects.requireNonNull(command, "command"), null), unit.toNanos(delay), 0, false);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return submitTask(Objects.requireNonNull(callable, "callable"), unit.toNanos(delay), 0, false);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return submitTask(Executors.callable(Objects.requireNonNull(command, "command"), null),
                unit.toNanos(initialDelay), positive(period, unit), false);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return submitTask(Executors.callable(Objects.requireNonNull(command, "command"), null),
                unit.toNanos(initialDelay), -positive(delay, unit), false);
    }

    private static long positive(long period, TimeUnit unit) {
        long nanos = unit.toNanos(period);
        if (nanos <= 0) {
            throw new IllegalArgumentException("the period must be positive: " + period + " " + unit);
        }
        return nanos;
    }

    @Override
    public void execute(Runnable command) {
        submitTask(Executors.callable(Objects.requireNonNull(command, "command"), null), 0, 0, true);
    }

    @Override
    public Future<?> submit(Runnable task) {
        return submitTask(Executors.callable(Objects.requireNonNull(task, "task"), null), 0, 0, false);
    }

    @Override
    public <T> Future<T> submit(Runnable task, T result) {
        return submitTask(Executors.callable(Objects.requireNonNull(task, "task"), result), 0, 0, false);
    }

    @Override
    public <T> Future<T> submit(Callable<T> task) {
        return submitTask(Objects.requireNonNull(task, "task"), 0, 0, false);
    }

    private <V> VirtualTask<V> submitTask(Callable<V> callable, long delayNanos, long period, boolean reportFailure) {
        VirtualTask<V> task = new VirtualTask<>(this, queue, callable, period, reportFailure);
        synchronized (this) {
            if (shutdown) {
                throw new RejectedExecutionException("the executor is shut down");
            }
            tasks.add(task);
            if (task.isPeriodic()) {
                queue.periodicStarted();
            }
            queue.add(task, delayNanos);
        }
        return task;
    }

    synchronized void reschedule(VirtualTask<?> task, long due) {
        if (shutdown || !tasks.contains(task)) {
            finished(task);
        } else {
            queue.addAt(task, due);
        }
    }

    synchronized void finished(VirtualTask<?> task) {
        if (tasks.remove(task) && task.isPeriodic()) {
            queue.periodicEnded();
        }
    }

    synchronized void cancelled(VirtualTask<?> task) {
        finished(task);
        queue.noteCancelled(task);
    }

    /**
     * Runs the tasks at once in the caller, in list order, at the current virtual instant: there is no other
     * thread to wait for, and waiting for the queue would need the driver this call may be running in.
     */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> callables) {
        List<FutureTask<T>> futures = new ArrayList<>(callables.size());
        for (Callable<T> callable : callables) {
            futures.add(new FutureTask<>(Objects.requireNonNull(callable, "task")));
        }
        checkRunning();
        futures.forEach(FutureTask::run);
        return List.copyOf(futures);
    }

    /** As {@link #invokeAll(Collection)}: virtual time does not pass while the tasks run, so the timeout never expires. */
    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> callables, long timeout, TimeUnit unit) {
        return invokeAll(callables);
    }

    /** Runs the tasks in the caller, in list order, until one succeeds. */
    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> callables) throws ExecutionException {
        if (callables.isEmpty()) {
            throw new IllegalArgumentException("no tasks");
        }
        checkRunning();
        ExecutionException failure = null;
        for (Callable<T> callable : callables) {
            try {
                return callable.call();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new ExecutionException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        throw failure;
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> callables, long timeout, TimeUnit unit)
            throws ExecutionException {
        return invokeAny(callables);
    }

    private synchronized void checkRunning() {
        if (shutdown) {
            throw new RejectedExecutionException("the executor is shut down");
        }
    }

    @Override
    public void shutdown() {
        List<VirtualTask<?>> periodic;
        synchronized (this) {
            shutdown = true;
            periodic = tasks.stream().filter(VirtualTask::isPeriodic).sorted(Entry.ORDER).toList();
        }
        periodic.forEach(task -> task.cancel(false));
    }

    /** Cancels every task not running now and returns them in the order they would have run. */
    @Override
    public List<Runnable> shutdownNow() {
        List<VirtualTask<?>> pending;
        synchronized (this) {
            shutdown = true;
            pending = tasks.stream().filter(task -> !queue.isRunning(task)).sorted(Entry.ORDER).toList();
        }
        pending.forEach(task -> task.cancel(false));
        return List.copyOf(pending);
    }

    @Override
    public synchronized boolean isShutdown() {
        return shutdown;
    }

    @Override
    public synchronized boolean isTerminated() {
        return shutdown && tasks.isEmpty();
    }

    /**
     * Waits in virtual time: runs the queue (every executor's tasks, as time passes for all) until this
     * executor's tasks are done or {@code timeout} has passed. Inside a task no time can pass, so it only looks.
     */
    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        if (isTerminated() || queue.isDriving()) {
            return isTerminated();
        }
        return queue.runUntil(this::isTerminated, Math.max(0, unit.toNanos(timeout)));
    }
}
