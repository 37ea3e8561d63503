package org.aegis.federated.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.TaskData;

/**
 * Loads training data from CSV: a header row, numeric feature columns, and one label column named by
 * configuration. Labels are mapped to indices in the label set the network agreed, so a node that holds only some
 * classes still produces the same class indices as every other node. Plain comma-separated cells without quoting;
 * empty lines are skipped. Every refusal names the file, the line (1 = header) and the column.
 */
public final class CsvDataset {
    // Plain decimal numbers only: Float.parseFloat would also take "NaN", "Infinity", hex and a trailing "f".
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private CsvDataset() {
    }

    /**
     * Reads the file.
     *
     * @param file        the CSV file
     * @param labelColumn the header name of the label column
     * @param labelSet    the agreed labels; a row's label cell must equal one of them (after trimming), its index is
     *                    the class index
     * @throws CsvFormatException naming file, line and column: empty file, no data rows, missing or duplicate
     *                            label column, ragged row, non-numeric or out-of-range cell, label not in the set
     * @throws IOException        if the file cannot be read
     */
    public static TaskData load(Path file, String labelColumn, List<String> labelSet) throws IOException {
        Map<String, Integer> classIndex = classIndex(labelSet);
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String headerLine = reader.readLine();
            if (headerLine == null || headerLine.isBlank()) {
                throw new CsvFormatException(file + ": empty file, expected a header row");
            }
            if (headerLine.charAt(0) == '\uFEFF') {
                headerLine = headerLine.substring(1); // byte order mark written by spreadsheet exports
            }
            String[] header = cells(headerLine);
            int labelAt = labelColumnIndex(file, header, labelColumn);
            List<String> featureNames = new ArrayList<>();
            for (int c = 0; c < header.length; c++) {
                if (c != labelAt) {
                    featureNames.add(header[c]);
                }
            }
            if (featureNames.isEmpty()) {
                throw new CsvFormatException(file + ":1: no feature column beside the label column " + labelColumn);
            }
            FloatBuffer features = new FloatBuffer();
            List<Integer> labels = new ArrayList<>();
            int lineNumber = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] row = cells(line);
                if (row.length != header.length) {
                    throw new CsvFormatException(file + ":" + lineNumber + ": " + row.length + " cells, the header has "
                            + header.length);
                }
                for (int c = 0; c < row.length; c++) {
                    if (c == labelAt) {
                        Integer index = classIndex.get(row[c]);
                        if (index == null) {
                            throw new CsvFormatException(where(file, lineNumber, c, header) + ": label '" + row[c]
                                    + "' is not in the label set " + labelSet);
                        }
                        labels.add(index);
                    } else {
                        features.add(number(file, lineNumber, c, header, row[c]));
                    }
                }
            }
            if (labels.isEmpty()) {
                throw new CsvFormatException(file + ": no data rows after the header");
            }
            int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
            return new TaskData(featureNames, labelSet, new Dataset(features.toArray(), y, featureNames.size(), labelSet.size()));
        }
    }

    /**
     * The distinct labels of the file's label column, sorted: the label set of a node that was not told one.
     *
     * @throws CsvFormatException naming file and line: empty file, missing label column, empty label, fewer than
     *                            two labels
     * @throws IOException        if the file cannot be read
     */
    public static List<String> labels(Path file, String labelColumn) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String headerLine = reader.readLine();
            if (headerLine == null || headerLine.isBlank()) {
                throw new CsvFormatException(file + ": empty file, expected a header row");
            }
            String[] header = cells(headerLine.charAt(0) == '\uFEFF' ? headerLine.substring(1) : headerLine);
            int labelAt = labelColumnIndex(file, header, labelColumn);
            SortedSet<String> labels = new TreeSet<>();
            int lineNumber = 1;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] row = cells(line);
                if (labelAt >= row.length || row[labelAt].isEmpty()) {
                    throw new CsvFormatException(file + ":" + lineNumber + ": column " + (labelAt + 1) + " ("
                            + labelColumn + "): no label");
                }
                labels.add(row[labelAt]);
            }
            if (labels.size() < 2) {
                throw new CsvFormatException(file + ": the label column " + labelColumn + " has " + labels.size()
                        + " distinct labels " + labels + ", a classifier needs at least 2");
            }
            return List.copyOf(labels);
        }
    }

    private static Map<String, Integer> classIndex(List<String> labelSet) {
        if (labelSet.size() < 2) {
            throw new IllegalArgumentException("the label set needs at least 2 labels, got " + labelSet);
        }
        Map<String, Integer> index = new HashMap<>(); // lookup only, never iterated
        for (int i = 0; i < labelSet.size(); i++) {
            if (index.put(labelSet.get(i).trim(), i) != null) {
                throw new IllegalArgumentException("label '" + labelSet.get(i) + "' appears twice in the label set");
            }
        }
        return index;
    }

    private static int labelColumnIndex(Path file, String[] header, String labelColumn) {
        int found = -1;
        for (int c = 0; c < header.length; c++) {
            if (header[c].equals(labelColumn)) {
                if (found >= 0) {
                    throw new CsvFormatException(file + ":1: label column " + labelColumn + " appears twice, columns "
                            + (found + 1) + " and " + (c + 1));
                }
                found = c;
            }
        }
        if (found < 0) {
            throw new CsvFormatException(file + ":1: no label column " + labelColumn + " in the header "
                    + List.of(header));
        }
        return found;
    }

    private static float number(Path file, int line, int column, String[] header, String cell) {
        if (!NUMBER.matcher(cell).matches()) {
            throw new CsvFormatException(where(file, line, column, header) + ": '" + cell + "' is not a number");
        }
        float value = Float.parseFloat(cell);
        if (!Float.isFinite(value)) {
            throw new CsvFormatException(where(file, line, column, header) + ": " + cell
                    + " is out of the float range");
        }
        return value;
    }

    private static String where(Path file, int line, int column, String[] header) {
        return file + ":" + line + ": column " + (column + 1) + " (" + header[column] + ")";
    }

    private static String[] cells(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].trim();
        }
        return cells;
    }

    /** A growing float array, so that loading does not box every value. */
    private static final class FloatBuffer {
        private float[] values = new float[1024];
        private int size;

        void add(float value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(values, size);
        }
    }
}
