package org.aegis.model.openai;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of one provider, all named {@code aegis-openai-<id>-…}: a small pool the HttpClient runs its work and
 * our callbacks on, and a timer for deadlines and discovery. Idle pool threads end after a while, and
 * {@link #shutdown} stops them all and waits until they are gone.
 */
final class ProviderThreads {
    static final String PREFIX = "aegis-openai-";

    private static final Logger LOG = LoggerFactory.getLogger(ProviderThreads.class);
    private static final int HTTP_THREADS = 4;
    private static final long IDLE_SECONDS = 30;

    private final String name;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final ThreadPoolExecutor http;
    private final ScheduledThreadPoolExecutor timer;

    ProviderThreads(String providerId) {
        this.name = PREFIX + providerId;
        this.http = new ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory(name + "-http-"));
        http.allowCoreThreadTimeOut(true);
        this.timer = new ScheduledThreadPoolExecutor(1, factory(name + "-timer-"));
        timer.setRemoveOnCancelPolicy(true);
        timer.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** The HttpClient's executor. */
    ExecutorService http() {
        return http;
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    /** Interrupts both executors' work and waits, {@code waitMillis} in all, until their threads are gone. */
    void shutdown(long waitMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        timer.shutdownNow();
        http.shutdownNow();
        boolean interrupted = false;
        try {
            for (ExecutorService executor : List.of(timer, http)) {
                if (!executor.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS)) {
                    LOG.warn("A thread of {} did not stop within {} ms", name, waitMillis);
                }
            }
            // a terminated executor's last worker may still be on its way out
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining(deadline))));
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private ThreadFactory factory(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            threads.removeIf(old -> old.getState() == Thread.State.TERMINATED);
            threads.add(thread);
            return thread;
        };
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
