package org.aegis.federated.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aegis.api.testing.Configs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfiguredTaskTest {
    @TempDir
    Path folder;

    private Path csv(String name, String content) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static TaskConfig config(Path data, Map<String, Object> more) {
        Map<String, Object> properties = new HashMap<>(Map.of("task", "iris", "data", data.toString(),
                "label", "species"));
        properties.putAll(more);
        return Configs.of(TaskConfig.class, properties);
    }

    @Test
    void loadsTheDataWithTheLabelsFoundLocallySorted() throws IOException {
        Path data = csv("train.csv", "a,species,b\n1,virginica,2\n3,setosa,4\n5,virginica,6\n");

        LocalTask task = new ConfiguredTask(config(data, Map.of())).task();

        assertEquals("iris", task.name());
        assertEquals("logistic", task.model());
        assertEquals(List.of("setosa", "virginica"), task.labels());
        assertEquals(List.of("a", "b"), task.training().featureNames());
        assertEquals(1, task.training().dataset().label(0));
        assertEquals(0, task.training().dataset().label(1));
        assertTrue(task.evaluation().isEmpty());
    }

    @Test
    void usesTheAgreedLabelSetInItsOrder() throws IOException {
        Path data = csv("train.csv", "a,species\n1,x\n2,y\n");
        Path eval = csv("eval.csv", "a,species\n3,z\n");

        LocalTask task = new ConfiguredTask(config(data, Map.of("labels", "z, y, x", "eval", eval.toString(),
                "model", "mlp:8,4"))).task();

        assertEquals(List.of("z", "y", "x"), task.labels());
        assertEquals(2, task.training().dataset().label(0));
        assertEquals(0, task.evaluation().orElseThrow().dataset().label(0));
        assertEquals(3, task.training().dataset().classCount());
    }

    @Test
    void aBadFileFailsActivationNamingFileLineAndColumn() throws IOException {
        Path data = csv("bad.csv", "a,species\n1,x\nabc,y\n");

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> new ConfiguredTask(config(data, Map.of())));

        assertTrue(failure.getMessage().contains(data + ":3: column 1 (a): 'abc' is not a number"),
                failure.getMessage());
        assertTrue(failure.getMessage().startsWith("federated task 'iris' not started"), failure.getMessage());
    }

    @Test
    void refusesAnUnknownModelAMissingFileAndABadName() throws IOException {
        Path data = csv("train.csv", "a,species\n1,x\n2,y\n");

        assertTrue(assertThrows(IllegalStateException.class, () -> new ConfiguredTask(config(data,
                Map.of("model", "cnn")))).getMessage().contains("unknown model spec 'cnn'"));
        assertThrows(IllegalStateException.class, () -> new ConfiguredTask(config(folder.resolve("none.csv"),
                Map.of())));
        assertTrue(assertThrows(IllegalStateException.class, () -> new ConfiguredTask(config(data,
                Map.of("task", "a b")))).getMessage().contains("must be 1-64 letters"));
    }

    @Test
    void refusesALabelOutsideTheAgreedSetAndAnEvaluationFileWithOtherColumns() throws IOException {
        Path data = csv("train.csv", "a,species\n1,x\n2,y\n");
        Path eval = csv("eval.csv", "b,species\n1,x\n");

        assertTrue(assertThrows(IllegalStateException.class, () -> new ConfiguredTask(config(data,
                Map.of("labels", "x,z")))).getMessage().contains("label 'y' is not in the label set"));
        assertTrue(assertThrows(IllegalStateException.class, () -> new ConfiguredTask(config(data,
                Map.of("eval", eval.toString())))).getMessage().contains("differ from the training file's"));
    }

    @Test
    void aSingleLabelIsNotAClassifier() throws IOException {
        Path data = csv("one.csv", "a,species\n1,x\n2,x\n");

        assertTrue(assertThrows(IllegalStateException.class, () -> new ConfiguredTask(config(data, Map.of())))
                .getMessage().contains("has 1 distinct labels"));
    }
}
