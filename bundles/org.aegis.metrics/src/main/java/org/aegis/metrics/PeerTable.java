package org.aegis.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aegis.api.metrics.MetricsReport;

/**
 * The latest report of every peer, with when we heard it (our clock, so a peer's clock skew does not stretch its
 * staleness). Written by the transport's threads; the tick reads the peers' mean phases from an immutable
 * {@link Feed} through one volatile read, without locking or allocating.
 */
final class PeerTable {
    /** Most peers kept; a new peer beyond it is dropped while every other is still fresh. */
    static final int MAX_PEERS = 1024;

    private final Map<String, Entry> entries = new HashMap<>();
    private volatile Feed feed = new Feed(new double[0], new long[0]);

    /** What happened to a report offered to the table. */
    enum Outcome {
        STORED, OUT_OF_ORDER, FULL
    }

    /**
     * Keeps {@code report} as its node's latest, unless it is older than the one held.
     *
     * @param nowMillis       when it arrived
     * @param stalenessMillis used to make room when the table is full
     */
    synchronized Outcome put(MetricsReport report, long nowMillis, long stalenessMillis) {
        Entry held = entries.get(report.nodeId());
        if (held != null && report.timestamp().isBefore(held.report.timestamp())) {
            return Outcome.OUT_OF_ORDER;
        }
        if (held == null && entries.size() >= MAX_PEERS) {
            removeStale(nowMillis, stalenessMillis);
            if (entries.size() >= MAX_PEERS) {
                return Outcome.FULL;
            }
        }
        entries.put(report.nodeId(), new Entry(report, nowMillis));
        rebuildFeed();
        return Outcome.STORED;
    }

    /** Forgets the peers not heard within the staleness limit. */
    synchronized void prune(long nowMillis, long stalenessMillis) {
        if (removeStale(nowMillis, stalenessMillis)) {
            rebuildFeed();
        }
    }

    /** The latest reports of the peers heard within the staleness limit, by node id. */
    synchronized List<MetricsReport> fresh(long nowMillis, long stalenessMillis) {
        List<MetricsReport> result = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (isFresh(e.receivedMillis, nowMillis, stalenessMillis)) {
                result.add(e.report);
            }
        }
        result.sort(Comparator.comparing(MetricsReport::nodeId));
        return result;
    }

    /**
     * Copies the mean phases of the peers heard within the staleness limit into {@code out}; allocation-free and
     * lock-free, for the tick.
     *
     * @return how many were copied (at most {@code out.length})
     */
    int freshPhases(long nowMillis, long stalenessMillis, double[] out) {
        Feed f = feed;
        int count = 0;
        for (int i = 0; i < f.phases.length && count < out.length; i++) {
            if (isFresh(f.receivedMillis[i], nowMillis, stalenessMillis)) {
                out[count++] = f.phases[i];
            }
        }
        return count;
    }

    synchronized int size() {
        return entries.size();
    }

    private static boolean isFresh(long receivedMillis, long nowMillis, long stalenessMillis) {
        return nowMillis - receivedMillis <= stalenessMillis;
    }

    private boolean removeStale(long nowMillis, long stalenessMillis) {
        return entries.values().removeIf(e -> !isFresh(e.receivedMillis, nowMillis, stalenessMillis));
    }

    private void rebuildFeed() {
        double[] phases = new double[entries.size()];
        long[] received = new long[entries.size()];
        int i = 0;
        for (Entry e : entries.values()) {
            phases[i] = e.report.meanPhase();
            received[i] = e.receivedMillis;
            i++;
        }
        feed = new Feed(phases, received);
    }

    private record Entry(MetricsReport report, long receivedMillis) {
    }

    /** The peers' mean phases and arrival times, never changed once published. */
    private record Feed(double[] phases, long[] receivedMillis) {
    }
}
