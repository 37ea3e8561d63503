package org.aegis.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.store.Store;
import org.aegis.api.store.StoreEntry;
import org.aegis.api.store.StoreMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's reports over time, in the store map {@value #MAP}: key = the report's time in epoch milliseconds,
 * zero-padded to 16 digits (so string order is time order), value = the message JSON of {@link
 * MetricsMessageCodec}. Lives in the store, so it survives restarts and plugin swaps.
 */
final class MetricsHistory {
    static final String MAP = "metrics.history";
    /** Most points {@link #read} returns. */
    static final int MAX_POINTS = 10_000;
    static final Duration MIN_STEP = Duration.ofSeconds(1);
    /** Keys removed per store commit when pruning. */
    static final int PRUNE_BATCH = 1000;
    /** Batches per {@link #prune} call at most; the rest goes at the next call. */
    static final int MAX_PRUNE_BATCHES = 100;
    /** Entries looked at per step bucket, to step over an undecodable one. */
    private static final int BUCKET_PEEK = 4;
    private static final int KEY_DIGITS = 16;
    /** The latest time a key can hold (16 digits: year 318857). */
    static final long MAX_KEY_MILLIS = 9_999_999_999_999_999L;

    private static final Logger LOG = LoggerFactory.getLogger(MetricsHistory.class);

    private final Store store;
    private final MetricsMessageCodec codec;

    MetricsHistory(Store store, MetricsMessageCodec codec) {
        this.store = Objects.requireNonNull(store, "store");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    /** The key of a time: epoch milliseconds, zero-padded to 16 digits (clamped to what 16 digits hold). */
    static String key(long epochMillis) {
        String digits = Long.toString(Math.min(MAX_KEY_MILLIS, Math.max(0, epochMillis)));
        return "0".repeat(Math.max(0, KEY_DIGITS - digits.length())) + digits;
    }

    /** Stores the report under its time (replacing a report of the same millisecond). */
    void append(MetricsReport report) {
        byte[] json = codec.encode(report);
        String key = key(report.timestamp().toEpochMilli());
        store.write(batch -> batch.put(MAP, key, json));
    }

    /**
     * One report per step: the first one kept in each bucket [from + i·step, from + (i+1)·step), i = 0, 1, … up to
     * {@code to} (exclusive); buckets without one are left out.
     *
     * @throws IllegalArgumentException when {@code to} is before {@code from}, the step is shorter than a second,
     *                                  or the range holds more than {@value #MAX_POINTS} steps
     */
    List<MetricsReport> read(Instant from, Instant to, Duration step) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(step, "step");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("history range is empty: to " + to + " is before from " + from);
        }
        if (step.compareTo(MIN_STEP) < 0) {
            throw new IllegalArgumentException("history step " + step + " is too short; at least " + MIN_STEP);
        }
        long fromMillis = millis(from);
        long toMillis = millis(to);
        long stepMillis = step.toMillis();
        long points = (toMillis - fromMillis + stepMillis - 1) / stepMillis;
        if (points > MAX_POINTS) {
            throw new IllegalArgumentException("history from " + from + " to " + to + " every " + step + " is "
                    + points + " points; at most " + MAX_POINTS + " are returned, so use a longer step (at least "
                    + Duration.ofMillis((toMillis - fromMillis + MAX_POINTS - 1) / MAX_POINTS) + ") or a shorter range");
        }
        StoreMap map = store.map(MAP);
        List<MetricsReport> result = new ArrayList<>();
        for (long lo = fromMillis; lo < toMillis; lo += stepMillis) {
            long hi = Math.min(toMillis, lo + stepMillis);
            for (StoreEntry entry : map.range(key(lo), key(hi), BUCKET_PEEK)) {
                MetricsMessageCodec.Decoded decoded = codec.parse(entry.value());
                if (decoded.accepted()) {
                    result.add(decoded.report());
                    break;
                }
                LOG.warn("Skipping the unreadable history entry {}: {}", entry.key(), decoded.detail());
            }
        }
        return result;
    }

    /**
     * Removes the reports older than {@code cutoff}, {@value #PRUNE_BATCH} per commit.
     *
     * @return how many were removed
     */
    int prune(Instant cutoff) {
        String bound = key(millis(cutoff));
        StoreMap map = store.map(MAP);
        int removed = 0;
        for (int batch = 0; batch < MAX_PRUNE_BATCHES; batch++) {
            List<StoreEntry> old = map.range(null, bound, PRUNE_BATCH);
            if (old.isEmpty()) {
                break;
            }
            store.write(b -> old.forEach(e -> b.remove(MAP, e.key())));
            removed += old.size();
            if (old.size() < PRUNE_BATCH) {
                break;
            }
        }
        return removed;
    }

    private static long millis(Instant t) {
        try {
            return Math.min(MAX_KEY_MILLIS, Math.max(0, t.toEpochMilli()));
        } catch (ArithmeticException e) {
            return t.isBefore(Instant.EPOCH) ? 0 : MAX_KEY_MILLIS;
        }
    }
}
