package org.aegis.metrics.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.aegis.api.metrics.WindowAnalysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class WindowCalculatorTest {
    private final WindowCalculator calculator = new WindowCalculator(MetricWeights.DEFAULT, 1);

    @Test
    void inputProblemsAreNamed() {
        assertMessage("phases must not be null", () -> calculator.analyse((double[][]) null));
        assertMessage("phase window must not be null", () -> calculator.analyse((PhaseWindow) null));
        assertMessage("phases are empty: no samples", () -> calculator.analyse(new double[0][]));
        assertMessage("need at least 2 oscillators, got 0", () -> calculator.analyse(new double[60][0]));
        assertMessage("need at least 2 oscillators, got 1", () -> calculator.analyse(new double[60][1]));
        assertMessage("at most 16 oscillators, got 17", () -> calculator.analyse(new double[400][17]));
        assertMessage("need at least 4·n+2 = 54 samples for 13 oscillators, got 20",
                () -> calculator.analyse(new double[20][13]));
        assertMessage("need at least 4·n+1+lag = 56 samples for 13 oscillators at lag 3, got 55",
                () -> new WindowCalculator(MetricWeights.DEFAULT, 3).analyse(new double[55][13]));

        double[][] ragged = random(60, 13);
        ragged[17] = new double[12];
        assertMessage("row 17 has 12 values, expected 13", () -> calculator.analyse(ragged));
        double[][] missing = random(60, 13);
        missing[4] = null;
        assertMessage("row 4 is null", () -> calculator.analyse(missing));

        assertMessage("value at row 3, column 5 is NaN", () -> calculator.analyse(with(3, 5, Double.NaN)));
        assertMessage("value at row 0, column 12 is Infinity",
                () -> calculator.analyse(with(0, 12, Double.POSITIVE_INFINITY)));
        assertMessage("value at row 59, column 0 is -Infinity",
                () -> calculator.analyse(with(59, 0, Double.NEGATIVE_INFINITY)));
        assertMessage("value at row 3, column 5 is NaN",
                () -> calculator.analyse(PhaseWindow.of(with(3, 5, Double.NaN))));
        assertMessage("row 17 has 12 values, expected 13", () -> calculator.analyse(PhaseWindow.of(ragged)));
        assertMessage("lag must be at least 1 sample, got 0", () -> new WindowCalculator(MetricWeights.DEFAULT, 0));
        assertMessage("metric weights must not be null", () -> new WindowCalculator(null, 1));
    }

    @Test
    void theShortestWindowIsAcceptedButItsPhiIsNotReliable() {
        WindowAnalysis shortest = calculator.analyse(random(54, 13));
        assertFalse(shortest.phiReliable());
        assertTrue(shortest.mibExact());
        assertEquals(54, shortest.samples());
        assertEquals(13, shortest.oscillators());
        assertTrue(calculator.analyse(random(260, 13)).phiReliable());
        assertFalse(calculator.analyse(random(259, 13)).phiReliable());
    }

    @Test
    void aWindowOfAnyImplementationGivesTheSameAnswerAsItsArray() {
        double[][] rows = random(120, 5);
        PhaseWindow view = new PhaseWindow() { // e.g. a ring buffer: not an array
            @Override
            public int samples() {
                return rows.length;
            }

            @Override
            public int oscillators() {
                return 5;
            }

            @Override
            public double phase(int sample, int oscillator) {
                return rows[sample][oscillator];
            }
        };
        assertEquals(calculator.analyse(rows), calculator.analyse(view));
        assertMessage("need at least 4·n+2 = 22 samples for 5 oscillators, got 21",
                () -> calculator.analyse(subWindow(view, 21)));
    }

    @Test
    void metricsStayInTheirRanges() {
        WindowAnalysis a = calculator.analyse(random(300, 8));
        assertTrue(a.metrics().phi() >= 0);
        for (double v : new double[] {a.metrics().coherence(), a.metrics().stability(), a.metrics().divergence(),
                a.metrics().consciousnessLevel()}) {
            assertTrue(v >= 0 && v <= 1, String.valueOf(v));
        }
    }

    private static PhaseWindow subWindow(PhaseWindow w, int samples) {
        return new PhaseWindow() {
            @Override
            public int samples() {
                return samples;
            }

            @Override
            public int oscillators() {
                return w.oscillators();
            }

            @Override
            public double phase(int sample, int oscillator) {
                return w.phase(sample, oscillator);
            }
        };
    }

    private static double[][] with(int row, int column, double value) {
        double[][] rows = random(60, 13);
        rows[row][column] = value;
        return rows;
    }

    /** Random-walk phases. */
    private static double[][] random(int samples, int n) {
        java.util.Random random = new java.util.Random(samples * 31L + n);
        double[][] rows = new double[samples][n];
        for (int s = 0; s < samples; s++) {
            for (int k = 0; k < n; k++) {
                rows[s][k] = (s == 0 ? 0 : rows[s - 1][k]) + 0.3 + 0.5 * random.nextGaussian();
            }
        }
        return rows;
    }

    private static void assertMessage(String expected, Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
