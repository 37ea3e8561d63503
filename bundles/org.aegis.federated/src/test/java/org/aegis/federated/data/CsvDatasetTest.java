package org.aegis.federated.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.aegis.api.federated.TaskData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {
    private static final List<String> IRIS = List.of("setosa", "versicolor", "virginica");

    @TempDir
    Path folder;

    @Test
    void loadsFeaturesAndMapsLabelsThroughTheAgreedSet() throws IOException {
        Path file = write("a.csv", "length, species ,width\n1.5,virginica,-2\n\n3e2,setosa,.25\n");
        TaskData data = CsvDataset.load(file, "species", IRIS);
        assertEquals(List.of("length", "width"), data.featureNames());
        assertArrayEquals(new float[] {1.5f, -2f, 300f, 0.25f}, data.dataset().features());
        // a node holding only two of the three classes still uses the network's class indices
        assertArrayEquals(new int[] {2, 0}, data.dataset().labels());
        assertEquals(3, data.dataset().classCount());
    }

    @Test
    void integerLabelsAreLabelsLikeAnyOther() throws IOException {
        Path file = write("b.csv", "x,y\n0.1,7\n0.2,3\n");
        assertArrayEquals(new int[] {1, 0}, CsvDataset.load(file, "y", List.of("3", "7")).dataset().labels());
    }

    @Test
    void ignoresAByteOrderMarkAndWindowsLineEnds() throws IOException {
        Path file = write("bom.csv", "\uFEFFx,species\r\n1,versicolor\r\n");
        TaskData data = CsvDataset.load(file, "species", IRIS);
        assertEquals(List.of("x"), data.featureNames());
        assertArrayEquals(new int[] {1}, data.dataset().labels());
    }

    @Test
    void refusesAnEmptyFile() throws IOException {
        assertRefused(write("empty.csv", ""), "empty.csv: empty file");
    }

    @Test
    void refusesAHeaderWithoutRows() throws IOException {
        assertRefused(write("header.csv", "x,species\n"), "header.csv: no data rows");
    }

    @Test
    void refusesAMissingLabelColumn() throws IOException {
        assertRefused(write("nolabel.csv", "x,kind\n1,setosa\n"), "nolabel.csv:1: no label column species");
    }

    @Test
    void refusesARaggedRow() throws IOException {
        assertRefused(write("ragged.csv", "x,species\n1,setosa\n2,setosa,3\n"),
                "ragged.csv:3: 3 cells, the header has 2");
    }

    @Test
    void refusesANonNumericCellNamingLineAndColumn() throws IOException {
        assertRefused(write("text.csv", "x,species,w\n1,setosa,2\n1,setosa,abc\n"),
                "text.csv:3: column 3 (w): 'abc' is not a number");
        assertRefused(write("nan.csv", "x,species\nNaN,setosa\n"), "nan.csv:2: column 1 (x): 'NaN' is not a number");
        assertRefused(write("blank.csv", "x,species\n,setosa\n"), "blank.csv:2: column 1 (x): '' is not a number");
        assertRefused(write("huge.csv", "x,species\n1e39,setosa\n"), "huge.csv:2: column 1 (x): 1e39 is out of");
    }

    @Test
    void refusesALabelOutsideTheSet() throws IOException {
        assertRefused(write("label.csv", "x,species\n1,rose\n"),
                "label.csv:2: column 2 (species): label 'rose' is not in the label set");
    }

    @Test
    void refusesALabelColumnWithoutFeatures() throws IOException {
        assertRefused(write("only.csv", "species\nsetosa\n"), "only.csv:1: no feature column");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(folder.resolve(name), content);
    }

    private static void assertRefused(Path file, String expected) {
        CsvFormatException e = assertThrows(CsvFormatException.class, () -> CsvDataset.load(file, "species", IRIS));
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should say " + expected);
    }
}
