package org.aegis.metrics;

import org.aegis.metrics.math.PhaseWindow;

/**
 * The last T samples of the network's n phases, as a {@link PhaseWindow} over a flat ring {@code double[T·n]}:
 * appending overwrites the oldest sample, reading never copies. {@link #samples()} is the number held so far (up to
 * T), oldest first.
 *
 * <p>Not thread-safe: written and read by the tick thread only. Other threads get a {@link #snapshot()}, a copy
 * taken on the tick thread, so Φ runs on a stable window while the tick carries on.
 */
final class PhaseRingBuffer implements PhaseWindow {
    private final int capacity;
    private final int n;
    private final double[] data;
    /** Row the next sample goes to. */
    private int head;
    private int size;

    PhaseRingBuffer(int capacity, int oscillators) {
        if (capacity < 1 || oscillators < 1) {
            throw new IllegalArgumentException("a window needs at least one sample and one oscillator, was "
                    + capacity + " x " + oscillators);
        }
        if ((long) capacity * oscillators > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("window of " + capacity + " x " + oscillators + " is too large");
        }
        this.capacity = capacity;
        this.n = oscillators;
        this.data = new double[capacity * oscillators];
    }

    /** Appends one sample: {@code phases[0..n)}. */
    void append(double[] phases) {
        System.arraycopy(phases, 0, data, head * n, n);
        head = head + 1 == capacity ? 0 : head + 1;
        if (size < capacity) {
            size++;
        }
    }

    /** T, the most samples it holds. */
    int capacity() {
        return capacity;
    }

    boolean isFull() {
        return size == capacity;
    }

    @Override
    public int samples() {
        return size;
    }

    @Override
    public int oscillators() {
        return n;
    }

    @Override
    public double phase(int sample, int oscillator) {
        if (sample < 0 || sample >= size || oscillator < 0 || oscillator >= n) {
            throw new IndexOutOfBoundsException("sample " + sample + " of " + size + ", oscillator " + oscillator
                    + " of " + n);
        }
        int row = oldest() + sample;
        if (row >= capacity) {
            row -= capacity;
        }
        return data[row * n + oscillator];
    }

    /** A copy of the samples held now, oldest first. */
    Snapshot snapshot() {
        double[] copy = new double[size * n];
        int oldest = oldest();
        int first = Math.min(size, capacity - oldest);
        System.arraycopy(data, oldest * n, copy, 0, first * n);
        System.arraycopy(data, 0, copy, first * n, (size - first) * n);
        return new Snapshot(copy, size, n);
    }

    private int oldest() {
        int start = head - size;
        return start < 0 ? start + capacity : start;
    }

    /** An immutable window: a flat copy, row s at {@code s·n}. */
    static final class Snapshot implements PhaseWindow {
        private final double[] data;
        private final int samples;
        private final int n;

        Snapshot(double[] data, int samples, int oscillators) {
            if (data.length != samples * oscillators) {
                throw new IllegalArgumentException("data holds " + data.length + " values, not " + samples + " x "
                        + oscillators);
            }
            this.data = data;
            this.samples = samples;
            this.n = oscillators;
        }

        @Override
        public int samples() {
            return samples;
        }

        @Override
        public int oscillators() {
            return n;
        }

        @Override
        public double phase(int sample, int oscillator) {
            if (sample < 0 || sample >= samples || oscillator < 0 || oscillator >= n) {
                throw new IndexOutOfBoundsException("sample " + sample + " of " + samples + ", oscillator "
                        + oscillator + " of " + n);
            }
            return data[sample * n + oscillator];
        }
    }
}
