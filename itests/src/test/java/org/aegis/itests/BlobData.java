package org.aegis.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * A seeded classification data set for federated tests: four classes around four centres in four features whose
 * scales differ by six orders of magnitude (thousandths to thousands), with enough overlap that no model is
 * perfect. Rows are written as CSV with a header and a {@code label} column, as an operator's files would be.
 */
final class BlobData {
    static final List<String> LABELS = List.of("a", "b", "c", "d");
    private static final String[] FEATURES = {"milli", "unit", "kilo", "deca"};
    private static final double[] SCALES = {0.001, 1, 1000, 10};
    private static final double[][] CENTRES = {{1, 1, 0, 0}, {-1, 1, 0.5, 0}, {0, -1, -0.5, 1}, {0.5, -0.5, 1, -1}};
    private static final double SPREAD = 0.55;

    /** One row: its features (already at their scale) and its label. */
    record Row(double[] features, String label) {
    }

    private BlobData() {
    }

    /** {@code count} rows drawn from the given classes, evenly, in a seeded order. */
    static List<Row> rows(long seed, int count, Set<String> classes) {
        Random random = new Random(seed);
        List<String> drawn = LABELS.stream().filter(classes::contains).toList();
        List<Row> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int label = LABELS.indexOf(drawn.get(i % drawn.size()));
            double[] features = new double[FEATURES.length];
            for (int j = 0; j < features.length; j++) {
                features[j] = (CENTRES[label][j] + SPREAD * random.nextGaussian()) * SCALES[j];
            }
            rows.add(new Row(features, LABELS.get(label)));
        }
        return rows;
    }

    /** Writes rows as CSV: the feature columns, then {@code label}. */
    static Path write(Path file, List<Row> rows) throws IOException {
        StringBuilder csv = new StringBuilder(String.join(",", FEATURES)).append(",label\n");
        for (Row row : rows) {
            for (double value : row.features()) {
                csv.append(String.format(Locale.ROOT, "%.9g", value)).append(',');
            }
            csv.append(row.label()).append('\n');
        }
        Files.createDirectories(file.getParent());
        return Files.writeString(file, csv);
    }

    /** The rows' features as the JSON of a prediction request: {@code {"rows": [[…], …]}}. */
    static String predictionRequest(List<Row> rows) {
        StringBuilder json = new StringBuilder("{\"rows\":[");
        for (int i = 0; i < rows.size(); i++) {
            json.append(i == 0 ? "[" : ",[");
            double[] features = rows.get(i).features();
            for (int j = 0; j < features.length; j++) {
                json.append(j == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.9g", features[j]));
            }
            json.append(']');
        }
        return json.append("]}").toString();
    }
}
