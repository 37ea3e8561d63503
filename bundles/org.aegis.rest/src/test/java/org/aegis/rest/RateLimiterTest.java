package org.aegis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.aegis.testing.MutableClock;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void allowsTheBurstThenRefillsOverTime() {
        MutableClock clock = new MutableClock(Instant.EPOCH);
        RateLimiter limiter = new RateLimiter(clock, 60);
        for (int i = 0; i < 60; i++) {
            assertEquals(0, limiter.acquire("a"));
        }
        long wait = limiter.acquire("a");
        assertTrue(wait >= 1, "must wait, got " + wait);
        assertEquals(0, limiter.acquire("b"), "other clients are not affected");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(0, limiter.acquire("a"));
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(Clock.systemUTC(), 0));
    }

    @Test
    void exhaustedLooksWithoutTaking() {
        MutableClock clock = new MutableClock(Instant.EPOCH);
        RateLimiter limiter = new RateLimiter(clock, 2, "authFailuresPerMinute");
        assertEquals(0, limiter.exhausted("a"));
        assertEquals(0, limiter.exhausted("a"));
        limiter.acquire("a");
        limiter.acquire("a");
        assertEquals(30, limiter.exhausted("a"));
        clock.advance(Duration.ofSeconds(30));
        assertEquals(0, limiter.exhausted("a"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RateLimiter(clock, 0, "authFailuresPerMinute"))
                .getMessage().startsWith("authFailuresPerMinute"));
    }
}
