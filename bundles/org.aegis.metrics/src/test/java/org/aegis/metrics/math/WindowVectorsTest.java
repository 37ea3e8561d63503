package org.aegis.metrics.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import org.aegis.api.metrics.Bipartition;
import org.aegis.api.metrics.ConsciousnessMetrics;
import org.aegis.api.metrics.WindowAnalysis;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.List;
import org.junit.jupiter.params.provider.MethodSource;

/** Every metric of every committed window against the numpy reference, at each lag the vector has. */
class WindowVectorsTest {
    private static final double RELATIVE = 1e-9;
    private static final double ABSOLUTE_NEAR_ZERO = 1e-12;
    private static final double PHI_TOLERANCE = 1e-6;

    @ParameterizedTest
    @MethodSource("windows")
    void metricsMatchTheReference(String file) {
        JsonNode vector = Vectors.load(file);
        double[][] phases = Vectors.matrix(vector.get("phases"));
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = vector.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().startsWith("reference")) {
                continue;
            }
            JsonNode ref = field.getValue();
            int lag = ref.get("lag").intValue();
            String where = file + " at lag " + lag + ": ";
            WindowAnalysis analysis = new WindowCalculator(MetricWeights.DEFAULT, lag).analyse(phases);
            ConsciousnessMetrics m = analysis.metrics();
            assertClose(ref.get("coherence").doubleValue(), m.coherence(), where + "R");
            assertClose(ref.get("stability").doubleValue(), m.stability(), where + "S");
            assertClose(ref.get("divergence").doubleValue(), m.divergence(), where + "D");
            assertEquals(ref.get("phi").doubleValue(), m.phi(), PHI_TOLERANCE, where + "phi");
            assertEquals(ref.get("consciousness_level").doubleValue(), m.consciousnessLevel(), PHI_TOLERANCE,
                    where + "C");
            Bipartition referenceMib = bipartition(ref.get("mib"));
            if (ref.has("mib_near_ties")) {
                // A degenerate window (constant, splay): several bipartitions tie in exact arithmetic and double
                // precision orders them by noise (make_vectors.py), so any of the tied ones is the MIB.
                List<Bipartition> ties = new ArrayList<>();
                ref.get("mib_near_ties").forEach(t -> ties.add(bipartition(t)));
                assertTrue(ties.contains(referenceMib), where + "the reference's MIB is among its ties");
                assertTrue(ties.contains(analysis.mib()), where + "MIB " + analysis.mib() + " not among " + ties);
            } else {
                assertEquals(referenceMib, analysis.mib(), where + "MIB");
            }
            assertEquals(phases.length, analysis.samples());
            assertEquals(phases[0].length, analysis.oscillators());
            assertEquals(phases.length >= 20 * phases[0].length, analysis.phiReliable());
            assertTrue(analysis.mibExact());

            PhaseWindow window = PhaseWindow.of(phases);
            assertEquals(m.phi(), new GaussianPhi(lag).compute(window).phi(), 0.0, where + "GaussianPhi alone");
            assertEquals(m.coherence(), OrderParameters.coherence(window), 0.0, where + "R alone");
            assertEquals(m.stability(), OrderParameters.stability(window), 0.0, where + "S alone");
            assertEquals(m.divergence(), PhaseDivergence.divergence(window), 0.0, where + "D alone");
            double meanPhase = ref.get("mean_phase").doubleValue();
            double difference = Math.IEEEremainder(OrderParameters.meanPhase(window) - meanPhase, 2 * Math.PI);
            assertEquals(0.0, difference, 1e-9, where + "mean phase " + meanPhase);
            checked++;
        }
        assertTrue(checked >= 1, file + " has no reference");
    }

    private static Bipartition bipartition(JsonNode pair) {
        return new Bipartition(Vectors.ints(pair.get(0)), Vectors.ints(pair.get(1)));
    }

    static List<String> windows() {
        return Vectors.WINDOWS;
    }

    /** Within 1e-9 relative, or 1e-12 absolute for values near 0 (R of a splay state, D of a still window). */
    private static void assertClose(double expected, double actual, String what) {
        double tolerance = Math.max(ABSOLUTE_NEAR_ZERO, RELATIVE * Math.abs(expected));
        assertEquals(expected, actual, tolerance, what);
    }
}
