package org.aegis.rest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aegis.api.metrics.MetricsCalculator;

/**
 * Reads a phase series sent as a JSON array of rows ({@code [[θ00, θ01, …], [θ10, …], …]}) as a stream: bad
 * input is refused at the first wrong token, so 10 MB of garbage costs one token, not 10 MB of parsing.
 */
final class PhaseRowsJson {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private PhaseRowsJson() {
    }

    static double[][] read(InputStream body) throws IOException {
        try (JsonParser parser = JSON.createParser(body)) {
            expect(parser.nextToken() == JsonToken.START_ARRAY, parser,
                    "expected a JSON array of rows such as [[0.1, 2.3], [0.2, 2.4], …]");
            List<double[]> rows = new ArrayList<>();
            double[] row = new double[MetricsCalculator.MAX_OSCILLATORS];
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                int r = rows.size();
                expect(token == JsonToken.START_ARRAY, parser, "row " + r + " is not an array of numbers");
                if (r == MetricsCalculator.MAX_SAMPLES) {
                    throw new IllegalArgumentException("more than " + MetricsCalculator.MAX_SAMPLES + " rows");
                }
                int n = 0;
                for (JsonToken value = parser.nextToken(); value != JsonToken.END_ARRAY; value = parser.nextToken()) {
                    expect(value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT, parser,
                            "row " + r + ", column " + n + " is not a number");
                    if (n == row.length) {
                        throw new IllegalArgumentException("row " + r + " has more than "
                                + MetricsCalculator.MAX_OSCILLATORS + " values");
                    }
                    row[n++] = parser.getDoubleValue();
                }
                rows.add(Arrays.copyOf(row, n));
            }
            expect(parser.nextToken() == null, parser, "unexpected content after the rows");
            return rows.toArray(double[][]::new);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage()
                    + location(e.getLocation() == null ? -1 : e.getLocation().getLineNr(),
                            e.getLocation() == null ? -1 : e.getLocation().getColumnNr()));
        } catch (CharConversionException e) {
            // bytes that are no Unicode encoding at all, found while the parser guesses the encoding
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage());
        }
    }

    private static void expect(boolean ok, JsonParser parser, String problem) {
        if (!ok) {
            var at = parser.currentLocation();
            throw new IllegalArgumentException(problem + location(at.getLineNr(), at.getColumnNr()));
        }
    }

    private static String location(int line, int column) {
        return line < 0 ? "" : " (line " + line + ", column " + column + ")";
    }
}
