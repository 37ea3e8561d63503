package org.aegis.metrics.math;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import org.aegis.api.metrics.MetricsCalculator;
import org.junit.jupiter.api.Test;

class CsvPhaseReaderTest {

    private static double[][] read(String csv) throws Exception {
        return CsvPhaseReader.read(new StringReader(csv));
    }

    private static String problem(String csv) {
        return assertThrows(IllegalArgumentException.class, () -> read(csv)).getMessage();
    }

    @Test
    void readsRowsSkippingBlankLinesAndComments() throws Exception {
        double[][] rows = read("# theta_0, theta_1\n0.5, -1.25\n\n3.0e0,6.283185307179586\r\n");
        assertEquals(2, rows.length);
        assertArrayEquals(new double[] {0.5, -1.25}, rows[0]);
        assertArrayEquals(new double[] {3.0, 6.283185307179586}, rows[1]);
    }

    @Test
    void namesTheRowAndColumnOfEachProblem() {
        assertEquals("row 1 has 2 values, expected 3", problem("1,2,3\n1,2\n"));
        assertEquals("row 0, column 1: 'x' is not a number", problem("1,x\n"));
        assertEquals("row 0, column 1: '' is not a number", problem("1,\n"));
        assertEquals("value at row 1, column 0 is NaN", problem("1,2\nNaN,2\n"));
        assertEquals("value at row 0, column 1 is Infinity", problem("1,Infinity\n"));
        assertEquals("row 0 has 17 values; at most 16 oscillators", problem("0,".repeat(16) + "0\n"));
    }

    @Test
    void refusesMoreRowsThanTheLimit() {
        assertEquals("more than " + MetricsCalculator.MAX_SAMPLES + " rows",
                problem("0.1,0.2\n".repeat(MetricsCalculator.MAX_SAMPLES + 1)));
    }

    @Test
    void longGarbageIsCutShortInTheMessage() {
        String message = problem("y".repeat(1000) + "\n");
        assertEquals("row 0, column 0: '" + "y".repeat(40) + "…' is not a number", message);
    }
}
