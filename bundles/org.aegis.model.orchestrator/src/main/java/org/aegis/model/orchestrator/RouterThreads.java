package org.aegis.model.orchestrator;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's threads, owned by its component and stopped when it is deactivated.
 * <ul>
 * <li>The timer ({@value #TIMER_THREAD}) only fires deadlines and hands their work to a caller thread: a provider
 * can never hold it.</li>
 * <li>Caller threads ({@value #CALLER_THREAD_PREFIX}N) make every call into a provider, so a provider that blocks
 * or hangs holds one of them, never the thread of whoever asked the router. They come and go with the load; the
 * per-model bulkheads bound how many one model can hold.</li>
 * </ul>
 */
final class RouterThreads {
    static final String TIMER_THREAD = "aegis-model-timer";
    static final String CALLER_THREAD_PREFIX = "aegis-model-call-";
    /** Far above the sum of sensible bulkheads; past it calls are refused rather than queued. */
    static final int MAX_CALLER_THREADS = 256;
    private static final Logger LOG = LoggerFactory.getLogger(RouterThreads.class);

    private final ScheduledThreadPoolExecutor timer;
    private final ThreadPoolExecutor callers;

    RouterThreads() {
        timer = new ScheduledThreadPoolExecutor(1, task -> daemon(task, TIMER_THREAD));
        timer.setRemoveOnCancelPolicy(true);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        AtomicInteger count = new AtomicInteger();
        callers = new ThreadPoolExecutor(0, MAX_CALLER_THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> daemon(task, CALLER_THREAD_PREFIX + count.incrementAndGet()));
    }

    /**
     * Runs {@code task} on a caller thread after the delay. The task must not block: when every caller thread is
     * busy it runs on the timer itself, so that a deadline is never lost.
     */
    ScheduledFuture<?> after(long millis, Runnable task) {
        return timer.schedule(() -> handOff(task), millis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on a caller thread every period; a run is skipped when every caller thread is busy. */
    ScheduledFuture<?> every(long millis, Runnable task) {
        return timer.scheduleWithFixedDelay(() -> {
            try {
                callers.execute(task);
            } catch (RejectedExecutionException e) {
                LOG.debug("Skipped a periodic task: the model router is saturated or stopped");
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Runs a call into a provider on a caller thread.
     *
     * @throws RejectedExecutionException when all caller threads are busy or the router stopped
     */
    Future<?> call(Runnable task) {
        return callers.submit(task);
    }

    private void handOff(Runnable task) {
        try {
            callers.execute(task);
        } catch (RejectedExecutionException e) {
            if (!callers.isShutdown()) {
                LOG.warn("Model router saturated: all {} caller threads are busy", MAX_CALLER_THREADS);
                task.run();
            }
        }
    }

    /** Interrupts what runs and waits up to {@code waitMillis} for the threads to end. */
    void shutdown(long waitMillis) {
        timer.shutdownNow();
        callers.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        try {
            if (!timer.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)
                    || !callers.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                LOG.warn("Model router threads did not stop within {} ms: a provider ignores interrupts", waitMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
