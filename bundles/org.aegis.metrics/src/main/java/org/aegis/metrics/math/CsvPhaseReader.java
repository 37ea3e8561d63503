package org.aegis.metrics.math;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.aegis.api.metrics.MetricsCalculator;

/**
 * Reads a phase series from CSV: one row per sample, one comma-separated column per oscillator, in radians.
 * Blank lines and lines starting with {@code #} are skipped. Reading stops at the first problem, with a message
 * that names the row and column, so a large bad file costs little.
 */
final class CsvPhaseReader {
    private CsvPhaseReader() {
    }

    static double[][] read(Reader csv) throws IOException {
        BufferedReader lines = csv instanceof BufferedReader buffered ? buffered : new BufferedReader(csv);
        List<double[]> rows = new ArrayList<>();
        int columns = -1;
        String line;
        while ((line = lines.readLine()) != null) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int row = rows.size();
            if (row == MetricsCalculator.MAX_SAMPLES) {
                throw new IllegalArgumentException("more than " + MetricsCalculator.MAX_SAMPLES + " rows");
            }
            String[] fields = trimmed.split(",", -1);
            if (columns < 0) {
                if (fields.length > MetricsCalculator.MAX_OSCILLATORS) {
                    throw new IllegalArgumentException("row 0 has " + fields.length + " values; at most "
                            + MetricsCalculator.MAX_OSCILLATORS + " oscillators");
                }
                columns = fields.length;
            } else if (fields.length != columns) {
                throw new IllegalArgumentException("row " + row + " has " + fields.length + " values, expected "
                        + columns);
            }
            rows.add(parse(fields, row));
        }
        return rows.toArray(double[][]::new);
    }

    private static double[] parse(String[] fields, int row) {
        double[] values = new double[fields.length];
        for (int column = 0; column < fields.length; column++) {
            String field = fields[column].strip();
            double value;
            try {
                value = Double.parseDouble(field);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("row " + row + ", column " + column + ": '" + abbreviate(field)
                        + "' is not a number");
            }
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("value at row " + row + ", column " + column + " is " + value);
            }
            values[column] = value;
        }
        return values;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
