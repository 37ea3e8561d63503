package org.aegis.transport.memory.internal;

import java.util.Comparator;

/** Something queued for a virtual instant. The queue places it; entries due at the same instant run in insertion order. */
interface Entry {
    /** Written out rather than composed: it runs for every sift of the queue, the hottest path of a simulation. */
    Comparator<Entry> ORDER = (a, b) -> {
        long dueA = a.due();
        long dueB = b.due();
        return dueA != dueB ? Long.compare(dueA, dueB) : Long.compare(a.sequence(), b.sequence());
    };

    long due();

    long sequence();

    /** Called by the queue only, when the entry is (re)inserted. */
    void place(long due, long sequence);

    boolean isCancelled();

    void run();
}
