package org.aegis.metrics;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.aegis.api.telemetry.LatencyHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tick at a fixed rate on the executor it is given (the engine's tick thread). Ticks are scheduled against
 * nanoTime deadlines: a late tick runs at once and the following ones catch up, but a backlog of more than
 * {@link #MAX_CATCH_UP} (a suspended machine, a long pause) is dropped, not replayed. Each loop carries a
 * generation, so that rescheduling or stopping ends the loop that was running at its next turn. How late each tick
 * starts against its deadline goes into the lateness histogram it is given.
 */
final class TickScheduler {
    static final Duration MAX_CATCH_UP = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(TickScheduler.class);

    private final ScheduledExecutorService executor;
    private final LongSupplier nanoTime;
    private final Runnable tick;
    private final LatencyHistogram lateness;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong ticksDropped = new AtomicLong();

    /**
     * @param tick     must not throw: a loop whose tick throws ends
     * @param lateness records each tick's start behind its deadline
     */
    TickScheduler(ScheduledExecutorService executor, LongSupplier nanoTime, Runnable tick, LatencyHistogram lateness) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.tick = Objects.requireNonNull(tick, "tick");
        this.lateness = Objects.requireNonNull(lateness, "lateness");
    }

    /** Ticks every {@code periodNanos} from now on, the first at once; ends the loop that ran before. */
    void runEvery(long periodNanos) {
        long current = generation.incrementAndGet();
        submit(current, periodNanos, nanoTime.getAsLong(), 0);
    }

    /** Ends the running loop; a tick already under way finishes. */
    void stop() {
        generation.incrementAndGet();
    }

    /** Ticks dropped so far because they were more than {@link #MAX_CATCH_UP} behind. */
    long ticksDropped() {
        return ticksDropped.get();
    }

    private void submit(long loop, long period, long deadline, long delay) {
        try {
            executor.schedule(() -> turn(loop, period, deadline), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // shut down: the loop ends
        }
    }

    private void turn(long loop, long period, long deadline) {
        if (loop != generation.get()) {
            return; // rescheduled at another rate, or stopped
        }
        lateness.recordNanos(nanoTime.getAsLong() - deadline);
        tick.run();
        long next = deadline + period;
        long now = nanoTime.getAsLong();
        long behind = now - next;
        if (behind > MAX_CATCH_UP.toNanos()) {
            long missed = behind / period;
            ticksDropped.addAndGet(missed);
            LOG.warn("Metrics tick is {} ms behind; dropping {} ticks", behind / 1_000_000, missed);
            next = now;
        }
        submit(loop, period, next, Math.max(0, next - now));
    }
}
