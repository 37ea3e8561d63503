package org.aegis.model.orchestrator;

import static org.aegis.api.router.ProviderStatus.Circuit.CLOSED;
import static org.aegis.api.router.ProviderStatus.Circuit.HALF_OPEN;
import static org.aegis.api.router.ProviderStatus.Circuit.OPEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.aegis.testing.MutableClock;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final CircuitBreaker breaker = new CircuitBreaker(clock,
            new BreakerSettings(3, 0.5, 10, Duration.ofSeconds(30)));

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertTrue(breaker.tryAcquire());
            breaker.onFailure();
        }
    }

    @Test
    void opensAfterConsecutiveFailuresAndSuccessResetsTheCount() {
        fail(2);
        breaker.onSuccess();
        fail(2);
        assertEquals(CLOSED, breaker.state());
        fail(1);
        assertEquals(OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
    }

    @Test
    void staysOpenForTheCooldownThenLetsExactlyOneTrialThrough() {
        fail(3);
        clock.advance(Duration.ofSeconds(29));
        assertEquals(OPEN, breaker.state());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire());
        assertFalse(breaker.tryAcquire(), "only one trial while half-open");
        breaker.onSuccess();
        assertEquals(CLOSED, breaker.state());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void aFailedTrialOpensItForAnotherCooldown() {
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        assertTrue(breaker.tryAcquire());
        breaker.onFailure();
        assertEquals(OPEN, breaker.state());
        clock.advance(Duration.ofSeconds(29));
        assertEquals(OPEN, breaker.state());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(HALF_OPEN, breaker.state());
    }

    @Test
    void aTrialThatEndsWithoutAVerdictFreesTheTrialSlot() {
        fail(3);
        clock.advance(Duration.ofSeconds(30));
        assertTrue(breaker.tryAcquire());
        breaker.onNeutral();
        assertEquals(HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void opensWhenTheFailureRateOfAFullWindowReachesTheThreshold() {
        // never 3 failures in a row; the 10th outcome fills the window with 5 failures of 10
        for (int i = 0; i < 9; i++) {
            assertTrue(breaker.tryAcquire());
            if (i % 2 == 1) {
                breaker.onFailure();
            } else {
                breaker.onSuccess();
            }
        }
        assertEquals(CLOSED, breaker.state(), "4 failures in 9 outcomes");
        fail(1);
        assertEquals(OPEN, breaker.state());
    }

    @Test
    void oldOutcomesLeaveTheWindow() {
        CircuitBreaker rate = new CircuitBreaker(clock, new BreakerSettings(100, 0.5, 4, Duration.ofSeconds(30)));
        for (boolean failure : new boolean[] {true, true, false, false, false}) {
            assertTrue(rate.tryAcquire());
            if (failure) {
                rate.onFailure();
            } else {
                rate.onSuccess();
            }
        }
        rate.onFailure(); // the window is now S S S F: one failure in four
        assertEquals(CLOSED, rate.state());
        rate.onFailure(); // S S F F: half
        assertEquals(OPEN, rate.state());
    }
}
