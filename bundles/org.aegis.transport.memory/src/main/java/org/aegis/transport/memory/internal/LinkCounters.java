package org.aegis.transport.memory.internal;

import org.aegis.transport.memory.LinkStats;

/** The mutable counts behind a {@link LinkStats}. */
final class LinkCounters {
    long sent;
    long delivered;
    long dropped;
    long duplicated;

    LinkStats snapshot() {
        return new LinkStats(sent, delivered, dropped, duplicated);
    }
}
