package org.aegis.consensus.pbft.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.aegis.api.consensus.Validator;
import org.junit.jupiter.api.Test;

class QuorumsTest {
    private final Epoch heavy = new Epoch(0, 0, List.of(new Validator("a", 300), new Validator("b", 100),
            new Validator("c", 100), new Validator("d", 100)));

    @Test
    void weights300And100x3NeedMoreThan400ForACertificate() {
        assertEquals(600, heavy.totalWeight());
        // 3·Q > 2·600 ⇔ Q ≥ 401
        assertFalse(heavy.strong(List.of("a", "b")), "400 is not enough");
        assertTrue(heavy.strong(List.of("a", "b", "c")), "500");
        assertFalse(heavy.strong(List.of("b", "c", "d")), "300: the three light validators together are not enough");
        assertTrue(Quorums.strong(401, 600));
        assertFalse(Quorums.strong(400, 600));
    }

    @Test
    void weights300And100x3WeakCertificateNeedsMoreThan200() {
        // 3·Q > 600 ⇔ Q ≥ 201
        assertTrue(heavy.weak(List.of("a")), "300 alone");
        assertFalse(heavy.weak(List.of("b", "c")), "200 is not enough");
        assertTrue(heavy.weak(List.of("b", "c", "d")));
        assertTrue(Quorums.weak(201, 600));
        assertFalse(Quorums.weak(200, 600));
    }

    @Test
    void votesAreCountedOncePerValidatorAndOutsidersWeighNothing() {
        assertEquals(300, heavy.weightOf(List.of("a", "a", "a")));
        assertEquals(100, heavy.weightOf(List.of("b", "mallory")));
    }

    @Test
    void theVector300And100x3BreaksTheCap() {
        // f = 1: the heaviest holds 300, and 3·300 = 900 is not below 600.
        assertFalse(Quorums.withinCap(List.of(300, 100, 100, 100)));
        assertTrue(Quorums.withinCap(List.of(140, 100, 100, 100)), "3·140 = 420 < 440");
        assertFalse(Quorums.withinCap(List.of(150, 100, 100, 100)), "3·150 = 450 is not < 450");
        assertTrue(Quorums.withinCap(List.of(300)), "f = 0 for one validator");
        assertTrue(Quorums.withinCap(List.of(250, 250, 100, 100, 100)));
    }

    @Test
    void faultTolerance() {
        assertEquals(199, Quorums.faultToleranceWeight(600));
        assertEquals(133, Quorums.faultToleranceWeight(400));
        assertEquals(1, Quorums.faultToleranceCount(List.of(100, 100, 100, 100)));
        assertEquals(0, Quorums.faultToleranceCount(List.of(300, 100, 100, 100)), "300 alone is half of W");
        assertEquals(1, Quorums.faultToleranceCount(List.of(250, 250, 100, 100, 100)));
        assertEquals(2, Quorums.faultToleranceCount(List.of(100, 100, 100, 100, 100, 100, 100)));
        assertEquals(0, Quorums.faultToleranceCount(List.of(100)));
    }

    @Test
    void primaryRotatesThroughTheValidators() {
        assertEquals("a", heavy.primary(0));
        assertEquals("b", heavy.primary(1));
        assertEquals("a", heavy.primary(4));
        assertEquals("d", heavy.primary(7));
    }
}
