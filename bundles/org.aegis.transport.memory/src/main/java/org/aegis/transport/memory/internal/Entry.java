package org.aegis.transport.memory.internal;

import java.util.Comparator;

/** Something queued for a virtual instant. The queue places it; entries due at the same instant run in insertion order. */
interface Entry {
    Comparator<Entry> ORDER = Comparator.comparingLong(Entry::due).thenComparingLong(Entry::sequence);

    long due();

    long sequence();

    /** Called by the queue only, when the entry is (re)inserted. */
    void place(long due, long sequence);

    boolean isCancelled();

    void run();
}
