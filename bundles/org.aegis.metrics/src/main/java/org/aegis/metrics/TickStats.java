package org.aegis.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When the last ticks ran (System.nanoTime), for the tick's jitter and rate. The tick thread records (lock-free,
 * allocation-free); any thread may take a {@link Summary}.
 */
final class TickStats {
    /** The rate is measured over this long. */
    static final long RATE_WINDOW_NANOS = 10_000_000_000L;
    static final int MAX_CAPACITY = 10_001;

    private final AtomicLongArray stamps;
    private final int capacity;
    private final AtomicLong count = new AtomicLong();
    private volatile long firstNanos;

    /** Keeps the stamps of about the last 10 s at {@code tickHz}. */
    TickStats(double tickHz) {
        this((int) Math.min(MAX_CAPACITY, Math.max(2, Math.ceil(tickHz * RATE_WINDOW_NANOS / 1e9) + 1)));
    }

    TickStats(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2, was " + capacity);
        }
        this.capacity = capacity;
        this.stamps = new AtomicLongArray(capacity);
    }

    void record(long nanos) {
        long c = count.get();
        if (c == 0) {
            firstNanos = nanos;
        }
        stamps.set((int) (c % capacity), nanos);
        count.set(c + 1); // one writer: the tick thread
    }

    long ticks() {
        return count.get();
    }

    /** Statistics of the intervals between the last (up to capacity) ticks, and the rate over the last 10 s. */
    Summary summary(long nowNanos) {
        long c = count.get();
        int held = (int) Math.min(c, capacity);
        long[] last = new long[held];
        for (int i = 0; i < held; i++) {
            last[i] = stamps.get((int) ((c - held + i) % capacity));
        }
        long[] intervals = new long[Math.max(0, held - 1)];
        long sum = 0;
        for (int i = 1; i < held; i++) {
            intervals[i - 1] = last[i] - last[i - 1];
            sum += intervals[i - 1];
        }
        double meanMs = intervals.length == 0 ? 0 : sum / 1e6 / intervals.length;
        Arrays.sort(intervals);
        double p99Ms = intervals.length == 0 ? 0
                : intervals[Math.min(intervals.length - 1, (int) Math.ceil(0.99 * intervals.length) - 1)] / 1e6;
        double maxMs = intervals.length == 0 ? 0 : intervals[intervals.length - 1] / 1e6;
        int recent = 0;
        for (long stamp : last) {
            if (nowNanos - stamp < RATE_WINDOW_NANOS) {
                recent++;
            }
        }
        long span = c == 0 ? 0 : Math.min(RATE_WINDOW_NANOS, nowNanos - firstNanos);
        // a full window holds one tick per period; a shorter span since the first tick holds one more
        double rateHz = span <= 0 ? 0
                : (span < RATE_WINDOW_NANOS ? Math.max(0, recent - 1) : recent) / (span / 1e9);
        return new Summary(c, meanMs, p99Ms, maxMs, rateHz, span / 1e9);
    }

    /**
     * @param ticks       ticks recorded so far
     * @param meanMs      mean interval between the last ticks (ms)
     * @param p99Ms       99th percentile of those intervals (ms)
     * @param maxMs       longest of them (ms)
     * @param rateHz      ticks per second over the last 10 s (or since the first tick, if sooner)
     * @param spanSeconds how long the rate was measured over
     */
    record Summary(long ticks, double meanMs, double p99Ms, double maxMs, double rateHz, double spanSeconds) {
    }
}
