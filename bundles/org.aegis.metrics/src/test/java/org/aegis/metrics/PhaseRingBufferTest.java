package org.aegis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aegis.metrics.math.PhaseWindow;
import org.junit.jupiter.api.Test;

class PhaseRingBufferTest {
    @Test
    void holdsTheLastSamplesOldestFirst() {
        PhaseRingBuffer ring = new PhaseRingBuffer(4, 2);
        assertEquals(0, ring.samples());
        for (int s = 0; s < 3; s++) {
            ring.append(new double[] {s, 10 + s});
        }
        assertEquals(3, ring.samples());
        assertEquals(0.0, ring.phase(0, 0));
        assertEquals(12.0, ring.phase(2, 1));
        for (int s = 3; s < 10; s++) {
            ring.append(new double[] {s, 10 + s});
        }
        assertTrue(ring.isFull());
        assertEquals(4, ring.samples());
        for (int i = 0; i < 4; i++) {
            assertEquals(6.0 + i, ring.phase(i, 0));
            assertEquals(16.0 + i, ring.phase(i, 1));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> ring.phase(4, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> ring.phase(0, 2));
    }

    @Test
    void snapshotIsAStableCopy() {
        PhaseRingBuffer ring = new PhaseRingBuffer(5, 3);
        for (int s = 0; s < 7; s++) {
            ring.append(new double[] {s, -s, 2 * s});
        }
        PhaseWindow snap = ring.snapshot();
        assertEquals(5, snap.samples());
        assertEquals(3, snap.oscillators());
        for (int i = 0; i < 5; i++) {
            for (int k = 0; k < 3; k++) {
                assertEquals(ring.phase(i, k), snap.phase(i, k));
            }
        }
        ring.append(new double[] {100, 100, 100});
        assertEquals(2.0, snap.phase(0, 0));
        assertEquals(6.0, snap.phase(4, 0));
        assertEquals(100.0, ring.phase(4, 0));
    }

    @Test
    void partlyFilledSnapshot() {
        PhaseRingBuffer ring = new PhaseRingBuffer(10, 1);
        ring.append(new double[] {1});
        ring.append(new double[] {2});
        PhaseWindow snap = ring.snapshot();
        assertEquals(2, snap.samples());
        assertEquals(1.0, snap.phase(0, 0));
        assertEquals(2.0, snap.phase(1, 0));
    }
}
