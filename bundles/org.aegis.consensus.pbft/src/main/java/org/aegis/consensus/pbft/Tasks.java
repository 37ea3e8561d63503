package org.aegis.consensus.pbft;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a replica's inputs and timers on its one serial executor: nothing runs once the replica stopped, and a
 * failing input is logged without stopping the ones after it.
 */
final class Tasks {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final ScheduledExecutorService executor;
    private final ReplicaState s;

    Tasks(ScheduledExecutorService executor, ReplicaState s) {
        this.executor = executor;
        this.s = s;
    }

    /** Runs a task on the executor, unless it was shut down (then the replica is being torn down). */
    void run(Runnable task) {
        try {
            executor.execute(() -> guarded(task));
        } catch (RejectedExecutionException e) {
            LOG.debug("PBFT executor is shut down; task dropped");
        }
    }

    /** Like {@link #run}, but the caller learns that the executor refused the task. */
    void submit(Runnable task) {
        executor.execute(() -> guarded(task));
    }

    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return executor.schedule(() -> guarded(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    private void guarded(Runnable task) {
        if (s.stopped) {
            return;
        }
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("PBFT replica {} failed on an input", s.self, e);
        }
    }
}
