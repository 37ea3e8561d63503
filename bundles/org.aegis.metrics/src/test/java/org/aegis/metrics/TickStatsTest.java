package org.aegis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TickStatsTest {
    private static final long MS = 1_000_000;

    @Test
    void intervalsAndRateOfARegularTick() {
        TickStats stats = new TickStats(20.0);
        long t = 1_000 * MS;
        for (int i = 0; i < 400; i++) { // 20 s at 20 Hz
            stats.record(t);
            t += 50 * MS;
        }
        TickStats.Summary s = stats.summary(t - 50 * MS);
        assertEquals(400, s.ticks());
        assertEquals(50.0, s.meanMs(), 1e-9);
        assertEquals(50.0, s.p99Ms(), 1e-9);
        assertEquals(50.0, s.maxMs(), 1e-9);
        assertEquals(20.0, s.rateHz(), 1e-9);
        assertEquals(10.0, s.spanSeconds(), 1e-9);
    }

    @Test
    void jitterShowsInP99AndMax() {
        TickStats stats = new TickStats(20.0);
        long t = 0;
        for (int i = 0; i < 201; i++) {
            stats.record(t);
            t += i % 50 == 49 ? 150 * MS : 50 * MS;
        }
        TickStats.Summary s = stats.summary(t);
        assertEquals(150.0, s.maxMs(), 1e-9);
        assertEquals(150.0, s.p99Ms(), 1e-9);
    }

    @Test
    void aStalledTickHasALowRate() {
        TickStats stats = new TickStats(20.0);
        long t = 0;
        for (int i = 0; i < 200; i++) {
            stats.record(t);
            t += 50 * MS;
        }
        // nothing for 8 s: only the 39 ticks after 8 s ago count
        TickStats.Summary s = stats.summary(t + 8_000 * MS);
        assertEquals(3.9, s.rateHz(), 0.01);
    }

    @Test
    void slowTickRate() {
        TickStats stats = new TickStats(20.0);
        long t = 0;
        for (int i = 0; i < 300; i++) {
            stats.record(t);
            t += 60 * MS; // 16.7 Hz
        }
        assertEquals(1000.0 / 60, stats.summary(t - 60 * MS).rateHz(), 0.2);
    }
}
