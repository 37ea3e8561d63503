package org.aegis.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OscillatorNetworkTest {
    private static final double DT = 0.05;
    private static final OscillatorNetwork.Parameters DEFAULTS =
            new OscillatorNetwork.Parameters(2 * Math.PI, 0.5, 2.0, 0.5, 0.3);
    private static final double[] NO_PEERS = new double[0];

    @Test
    void initialStateIsDrawnFromTheSeed() {
        OscillatorNetwork a = OscillatorNetwork.metatron(DT, 42, DEFAULTS);
        OscillatorNetwork b = OscillatorNetwork.metatron(DT, 42, DEFAULTS);
        OscillatorNetwork c = OscillatorNetwork.metatron(DT, 43, DEFAULTS);
        assertArrayEquals(a.phasesView(), b.phasesView());
        assertFalse(Arrays.equals(a.phasesView(), c.phasesView()));
        for (int k = 0; k < 13; k++) {
            assertTrue(a.phase(k) >= 0 && a.phase(k) < 2 * Math.PI);
            double omega = a.frequencies()[k];
            assertTrue(omega >= 2 * Math.PI - 0.5 && omega < 2 * Math.PI + 0.5, "ω_" + k + " = " + omega);
        }
    }

    @Test
    void sameSeedGivesTheSameTrajectory() {
        OscillatorNetwork a = OscillatorNetwork.metatron(DT, 7, DEFAULTS);
        OscillatorNetwork b = OscillatorNetwork.metatron(DT, 7, DEFAULTS);
        for (int i = 0; i < 500; i++) {
            a.step(NO_PEERS, 0);
            b.step(NO_PEERS, 0);
        }
        assertArrayEquals(a.phasesView(), b.phasesView());
    }

    @Test
    void deterministicStepFollowsTheFormula() {
        // σ = 0: θ_k ← θ_k + dt·(ω_k + (K/deg_k)·Σ_{j~k} sin(θ_j − θ_k) + [k=0]·K_ext·mean_p sin(Ψ_p − θ_0))
        OscillatorNetwork.Parameters p = new OscillatorNetwork.Parameters(2 * Math.PI, 0.5, 2.0, 0.7, 0.0);
        OscillatorNetwork net = OscillatorNetwork.metatron(DT, 11, p);
        MetatronNetwork graph = MetatronNetwork.create();
        double[] peers = {0.3, 2.5, -1.0};
        for (int step = 0; step < 5; step++) {
            double[] before = net.phasesView().clone();
            double[] omega = net.frequencies();
            net.step(peers, 3);
            for (int k = 0; k < 13; k++) {
                double sum = 0;
                for (int j : graph.neighbours(k)) {
                    sum += Math.sin(before[j] - before[k]);
                }
                double drift = omega[k] + 2.0 / graph.degree(k) * sum;
                if (k == 0) {
                    double ext = 0;
                    for (double psi : peers) {
                        ext += Math.sin(psi - before[0]);
                    }
                    drift += 0.7 * ext / peers.length;
                }
                double expected = before[k] + DT * drift;
                assertEquals(0, wrapDistance(expected, net.phase(k)), 1e-12, "oscillator " + k + ", step " + step);
            }
        }
    }

    @Test
    void externalTermActsOnTheCentreOnly() {
        OscillatorNetwork alone = OscillatorNetwork.metatron(DT, 5, DEFAULTS);
        OscillatorNetwork coupled = OscillatorNetwork.metatron(DT, 5, DEFAULTS);
        double theta0 = alone.phase(0);
        double psi = theta0 + 1.0;
        alone.step(NO_PEERS, 0);
        coupled.step(new double[] {psi, 99}, 1); // only the first peerCount entries count
        for (int k = 1; k < 13; k++) {
            assertEquals(alone.phase(k), coupled.phase(k), 0.0, "oscillator " + k);
        }
        assertEquals(DT * 0.5 * Math.sin(1.0), wrapDistance(alone.phase(0), coupled.phase(0)), 1e-12);
    }

    @Test
    void parametersChangeWithoutAFreshNetwork() {
        OscillatorNetwork net = OscillatorNetwork.metatron(DT, 3, DEFAULTS);
        double[] before = net.frequencies();
        net.setParameters(new OscillatorNetwork.Parameters(1.0, 0.0, 2.0, 0.5, 0.3));
        for (double omega : net.frequencies()) {
            assertEquals(1.0, omega, 0.0);
        }
        net.setParameters(DEFAULTS);
        assertArrayEquals(before, net.frequencies(), 0.0);
    }

    @Test
    void stepAllocatesNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        OscillatorNetwork net = OscillatorNetwork.metatron(DT, 9, DEFAULTS);
        double[] peers = {1.0, 2.0};
        for (int i = 0; i < 20_000; i++) { // warm up: let the JIT compile the step
            net.step(peers, 2);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            net.step(peers, 2);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 10_000, "100000 steps allocated " + allocated + " bytes");
    }

    static double wrapDistance(double a, double b) {
        double d = Math.IEEEremainder(b - a, 2 * Math.PI);
        return d;
    }
}
