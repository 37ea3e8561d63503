package org.aegis.metrics;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's executors, each a single named daemon thread, and their shutdown. The component creates them when it
 * starts and shuts them down when it is deactivated.
 */
final class EngineThreads {
    private static final Logger LOG = LoggerFactory.getLogger(EngineThreads.class);

    private final List<ScheduledThreadPoolExecutor> executors = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    /** A single-thread executor whose thread is called {@code name}; periodic tasks stop at shutdown. */
    ScheduledExecutorService newExecutor(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            threads.add(thread);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executors.add(executor);
        return executor;
    }

    /** Interrupts every executor's work and waits, {@code waitMillis} in all, until their threads are gone. */
    void shutdown(long waitMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        boolean interrupted = false;
        for (ScheduledThreadPoolExecutor executor : executors) {
            executor.shutdownNow();
        }
        for (ScheduledThreadPoolExecutor executor : executors) {
            try {
                if (!executor.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS)) {
                    LOG.warn("A metrics thread did not stop within {} ms", waitMillis);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        // a terminated executor's last worker may still be on its way out: wait until it is gone
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
