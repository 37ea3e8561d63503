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
import java.util.Optional;
import org.aegis.api.federated.DataReader;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TaskData;
import org.aegis.api.federated.TrainingTask;
import org.aegis.federated.model.BuiltinTrainingTask;
import org.aegis.testing.Configs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfiguredTaskTest {
    private static final List<TrainingTask> BUILTIN = List.of(new BuiltinTrainingTask());

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

        LocalTask task = new ConfiguredTask(config(data, Map.of()), BUILTIN).task();

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
                "model", "mlp:8,4")), BUILTIN).task();

        assertEquals(List.of("z", "y", "x"), task.labels());
        assertEquals(2, task.training().dataset().label(0));
        assertEquals(0, task.evaluation().orElseThrow().dataset().label(0));
        assertEquals(3, task.training().dataset().classCount());
    }

    @Test
    void aBadFileFailsActivationNamingFileLineAndColumn() throws IOException {
        Path data = csv("bad.csv", "a,species\n1,x\nabc,y\n");

        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> new ConfiguredTask(config(data, Map.of()), BUILTIN));

        assertTrue(failure.getMessage().contains(data + ":3: column 1 (a): 'abc' is not a number"),
                failure.getMessage());
        assertTrue(failure.getMessage().startsWith("federated task 'iris' not started"), failure.getMessage());
    }

    @Test
    void refusesAnUnknownModelAMissingFileAndABadName() throws IOException {
        Path data = csv("train.csv", "a,species\n1,x\n2,y\n");

        assertTrue(assertThrows(IllegalStateException.class, () -> new ConfiguredTask(config(data,
                Map.of("model", "cnn")), BUILTIN)).getMessage().contains("no installed training task supports the model 'cnn' (installed: [builtin])"));
        assertThrows(IllegalStateException.class, () -> new ConfiguredTask(config(folder.resolve("none.csv"),
                Map.of()), BUILTIN));
        assertTrue(assertThrows(IllegalStateException.class, () -> new ConfiguredTask(config(data,
                Map.of("task", "a b")), BUILTIN)).getMessage().contains("must be 1-64 letters"));
    }

    @Test
    void refusesALabelOutsideTheAgreedSetAndAnEvaluationFileWithOtherColumns() throws IOException {
        Path data = csv("train.csv", "a,species\n1,x\n2,y\n");
        Path eval = csv("eval.csv", "b,species\n1,x\n");

        assertTrue(assertThrows(IllegalStateException.class, () -> new ConfiguredTask(config(data,
                Map.of("labels", "x,z")), BUILTIN)).getMessage().contains("label 'y' is not in the label set"));
        assertTrue(assertThrows(IllegalStateException.class, () -> new ConfiguredTask(config(data,
                Map.of("eval", eval.toString())), BUILTIN)).getMessage().contains("differ from the training data's"));
    }

    @Test
    void aSingleLabelIsNotAClassifier() throws IOException {
        Path data = csv("one.csv", "a,species\n1,x\n2,x\n");

        assertTrue(assertThrows(IllegalStateException.class, () -> new ConfiguredTask(config(data, Map.of()), BUILTIN))
                .getMessage().contains("has 1 distinct labels"));
    }

    @Test
    void aTaskThatReadsItsOwnDataReadsTheFilesWithoutALabelColumn() throws IOException {
        Path text = csv("notes.txt", "abba");
        TaskConfig config = Configs.of(TaskConfig.class, Map.of("task", "chars", "data", text.toString(),
                "eval", text.toString(), "model", "letters"));

        LocalTask task = new ConfiguredTask(config, List.of(new BuiltinTrainingTask(), new LetterTask())).task();

        assertTrue(task.ownFormat());
        assertEquals(List.of("a", "b"), task.labels());
        assertEquals(3, task.training().dataset().size());
        assertEquals(Optional.of(task.training()), task.evaluation());
        assertTrue(assertThrows(IllegalStateException.class, () -> new ConfiguredTask(config, BUILTIN))
                .getMessage().contains("no installed training task supports the model 'letters'"));
        TaskConfig csvWithoutLabel = Configs.of(TaskConfig.class, Map.of("task", "iris", "data", text.toString()));
        assertTrue(assertThrows(IllegalStateException.class, () -> new ConfiguredTask(csvWithoutLabel, BUILTIN))
                .getMessage().contains("'label' is required for the CSV data of model logistic"));
    }

    /** A plugin's own format: each letter predicts the next, a and b only. */
    private static final class LetterTask implements TrainingTask, DataReader {
        @Override
        public String name() {
            return "letters";
        }

        @Override
        public boolean supports(String spec) {
            return "letters".equals(spec);
        }

        @Override
        public FederatedModel createModel(ModelShape shape, long seed) {
            throw new UnsupportedOperationException("not needed to load data");
        }

        @Override
        public TaskData read(String spec, Path path) throws IOException {
            String letters = Files.readString(path);
            float[] x = new float[letters.length() - 1];
            int[] y = new int[letters.length() - 1];
            for (int i = 0; i < x.length; i++) {
                x[i] = letters.charAt(i) - 'a';
                y[i] = letters.charAt(i + 1) - 'a';
            }
            return new TaskData(List.of("previous"), List.of("a", "b"), new Dataset(x, y, 1, 2));
        }
    }
}
