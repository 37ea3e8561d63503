package org.aegis.itests.bench;

import java.util.Arrays;

/**
 * The order in which one replica decided, as a running hash after each decision: 8 bytes a decision instead of the
 * decisions themselves, so a long benchmark holds little and two replicas' orders still compare at any length.
 */
final class DecisionOrder {
    private long[] hashes = new long[1024];
    private int size;
    private long hash = 0x9E3779B97F4A7C15L;

    synchronized void add(String proposalId) {
        hash = Long.rotateLeft(hash, 7) * 0xBF58476D1CE4E5B9L ^ proposalId.hashCode();
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, size * 2);
        }
        hashes[size++] = hash;
    }

    synchronized int size() {
        return size;
    }

    /** The running hash after the first {@code count} decisions (1 to {@link #size}). */
    synchronized long after(int count) {
        return hashes[count - 1];
    }
}
