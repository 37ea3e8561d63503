package org.aegis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    static final class StepClock extends Clock {
        long millis;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    @Test
    void allowsTheBurstThenRefillsOverTime() {
        StepClock clock = new StepClock();
        RateLimiter limiter = new RateLimiter(clock, 60);
        for (int i = 0; i < 60; i++) {
            assertEquals(0, limiter.acquire("a"));
        }
        long wait = limiter.acquire("a");
        assertTrue(wait >= 1, "must wait, got " + wait);
        assertEquals(0, limiter.acquire("b"), "other clients are not affected");
        clock.millis += 1000;
        assertEquals(0, limiter.acquire("a"));
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(Clock.systemUTC(), 0));
    }
}
