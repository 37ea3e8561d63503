package org.aegis.model.local;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that run requests, and admission: at most {@code threads + queueCapacity} requests are admitted at once
 * (a stream counts until it ends), and one more is refused with {@code LIMIT_EXCEEDED}. Work of an admitted request
 * is never refused for lack of room, so a stream that pauses for demand and resumes always can.
 */
final class RequestExecutor {
    /** Work of an admitted request. */
    interface Task extends Runnable {
        /** The task will not run: the executor stopped. Must end the request (fail its future, signal onError). */
        void abort(ModelException reason);
    }

    /** An admitted request's place; released once, when the request ends. */
    static final class Permit {
        private final Semaphore slots;
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit(Semaphore slots) {
            this.slots = slots;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                slots.release();
            }
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RequestExecutor.class);

    private final int capacity;
    private final Semaphore slots;
    private final ThreadPoolExecutor executor;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    RequestExecutor(String threadName, int threadCount, int queueCapacity) {
        this.capacity = threadCount + queueCapacity;
        this.slots = new Semaphore(capacity);
        AtomicInteger number = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threadCount, threadCount, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, threadName + "-" + number.incrementAndGet());
                    thread.setDaemon(true);
                    threads.add(thread);
                    return thread;
                });
    }

    /** @throws ModelException {@code LIMIT_EXCEEDED} when as many requests as allowed are admitted already */
    Permit admit() {
        if (!slots.tryAcquire()) {
            throw new ModelException(Reason.LIMIT_EXCEEDED, "the local model is busy: " + capacity
                    + " requests are running or queued; try again later");
        }
        return new Permit(slots);
    }

    /** @throws ModelException {@code UNAVAILABLE} when the executor has stopped */
    void execute(Task task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            throw stopped();
        }
    }

    /** Requests admitted and not yet ended. */
    int outstanding() {
        return capacity - slots.availablePermits();
    }

    /** Aborts the tasks that have not started and waits, at most {@code waitMillis}, for the threads to end. */
    void shutdown(long waitMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        for (Runnable pending : executor.shutdownNow()) {
            ((Task) pending).abort(stopped());
        }
        try {
            if (!executor.awaitTermination(waitMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn("Local model request threads did not stop within {} ms", waitMillis);
            }
            // a terminated pool's last worker may still be on its way out
            for (Thread thread : threads) {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ModelException stopped() {
        return new ModelException(Reason.UNAVAILABLE, "the local model provider has stopped");
    }
}
