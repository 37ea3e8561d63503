package org.aegis.transport.memory.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A connection between two live nodes. Like a TCP connection it delivers in order: an ordered frame never
 * arrives before one sent earlier in the same direction. Once closed (partition, crash) it carries nothing;
 * frames still in flight are lost.
 */
final class Connection {
    final Node first;
    final Node second;
    private final LinkCounters fromFirst;
    private final LinkCounters fromSecond;
    private final Set<MemoryStream> streams = new LinkedHashSet<>();
    private boolean open = true;
    private long lastArrivalFromFirst;
    private long lastArrivalFromSecond;

    Connection(Node first, Node second, LinkCounters fromFirst, LinkCounters fromSecond) {
        this.first = first;
        this.second = second;
        this.fromFirst = fromFirst;
        this.fromSecond = fromSecond;
    }

    /** The counters of the link from {@code from} to the other end (they outlive the connection). */
    LinkCounters counters(Node from) {
        return from == first ? fromFirst : fromSecond;
    }

    Node other(Node node) {
        return node == first ? second : first;
    }

    boolean isOpen() {
        return open;
    }

    /** The arrival time of an ordered frame sent by {@code from} that would take {@code delay} on its own. */
    long orderedArrival(Node from, long now, long delay) {
        long at = TaskQueue.saturatedAdd(now, delay);
        if (from == first) {
            at = Math.max(at, lastArrivalFromFirst);
            lastArrivalFromFirst = at;
        } else {
            at = Math.max(at, lastArrivalFromSecond);
            lastArrivalFromSecond = at;
        }
        return at;
    }

    void add(MemoryStream stream) {
        streams.add(stream);
    }

    void remove(MemoryStream stream) {
        streams.remove(stream);
    }

    /** Closes the connection and returns its streams (both ends), which the caller resets. */
    List<MemoryStream> close() {
        open = false;
        List<MemoryStream> open = new ArrayList<>(streams);
        streams.clear();
        return open;
    }
}
