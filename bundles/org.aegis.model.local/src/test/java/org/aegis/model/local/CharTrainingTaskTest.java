package org.aegis.model.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.DifferentiableModel;
import org.aegis.api.federated.Evaluation;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TaskData;
import org.aegis.api.federated.TrainingOptions;
import org.aegis.testing.InMemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CharTrainingTaskTest {
    private static final String SPEC = CharTrainingTask.NAME;

    @TempDir
    Path folder;

    private final InMemoryStore store = new InMemoryStore();
    private final CharTrainingTask task = new CharTrainingTask(store, TinyModels.SETTINGS, TinyModels.CORPUS);

    private ModelShape shape() {
        return new ModelShape(SPEC, TinyModels.SETTINGS.context(), TinyModels.CORPUS.vocabulary().size());
    }

    private DifferentiableModel trainedModel() {
        byte[] weights = ModelCodec.encode(TinyModels.MODEL);
        store.write(batch -> batch.put(ModelBootstrap.MAP, ModelBootstrap.KEY, weights));
        return (DifferentiableModel) task.createModel(shape(), 0);
    }

    private TaskData text(String name, String content) throws IOException {
        Path file = folder.resolve(name);
        Files.writeString(file, content);
        return task.read(SPEC, file);
    }

    @Test
    void aFolderOfTextBecomesOneSamplePerCharacterWithTheCharactersBeforeIt() throws IOException {
        Files.writeString(folder.resolve("b.txt"), "on");
        Files.writeString(folder.resolve("a.txt"), "the  cat\r\n");
        Files.writeString(folder.resolve(".hidden"), "ignored");

        TaskData data = task.read(SPEC, folder);

        Vocabulary vocabulary = TinyModels.CORPUS.vocabulary();
        int context = TinyModels.SETTINGS.context();
        assertEquals(7 + 2, data.dataset().size(), "'the cat' normalised, then 'on'");
        assertEquals(context, data.featureNames().size());
        assertEquals("char-" + context, data.featureNames().get(0));
        assertEquals("char-1", data.featureNames().get(context - 1));
        assertEquals(vocabulary.size(), data.labels().size());
        assertEquals(TextSamples.BOUNDARY_LABEL, data.labels().get(0));
        assertEquals("t", data.labels().get(data.dataset().label(0)));
        assertEquals("c", data.labels().get(data.dataset().label(4)));
        assertEquals("o", data.labels().get(data.dataset().label(7)), "the second file starts afresh");
        for (int c = 0; c < context; c++) {
            assertEquals(Vocabulary.BOUNDARY, data.dataset().feature(7, c));
        }
        assertEquals(vocabulary.encode('e'), data.dataset().feature(4, context - 2));
        assertEquals(vocabulary.encode(' '), data.dataset().feature(4, context - 1));
    }

    @Test
    void unusableTextIsRefusedNamingTheFile() throws IOException {
        Path latin1 = folder.resolve("latin1.txt");
        Files.write(latin1, new byte[] {'c', 'a', 'f', (byte) 0xE9});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> task.read(SPEC, latin1)).getMessage()
                .startsWith(latin1 + ": not UTF-8 text"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> text("blank.txt", " \n\n ")).getMessage()
                .contains("no text in 1 file(s)"));
        Path empty = Files.createDirectory(folder.resolve("empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> task.read(SPEC, empty)).getMessage()
                .contains("the folder holds no file"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> task.read(SPEC, folder.resolve("none")))
                .getMessage().contains("no such file or folder"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> text("huge.txt",
                "a".repeat(TextSamples.MAX_CHARACTERS + 1))).getMessage().contains("more than 1000000 characters"));
        assertThrows(IllegalArgumentException.class, () -> task.read("mlp:8", latin1));
    }

    @Test
    void aRunStartsFromTheWeightsThisNodeTrainedWithTheSameSettingsOnly() {
        IllegalStateException notYet = assertThrows(IllegalStateException.class, () -> task.createModel(shape(), 0));
        assertTrue(notYet.getMessage().contains("has not finished training"), notYet.getMessage());

        assertArrayEquals(TinyModels.MODEL.parameters(), trainedModel().parameters());

        TrainingSettings other = new TrainingSettings(8, 600, 32, 0.01, 8, 8, 48);
        CharTrainingTask otherSettings = new CharTrainingTask(store, other, TinyModels.CORPUS);
        assertThrows(IllegalStateException.class, () -> otherSettings.createModel(shape(), 0),
                "weights trained with other settings are not this configuration's model");
        assertThrows(IllegalArgumentException.class, () -> task.createModel(new ModelShape(SPEC, 3,
                TinyModels.CORPUS.vocabulary().size()), 0));
    }

    @Test
    void theGradientMatchesFiniteDifferencesOfTheLoss() throws IOException {
        DifferentiableModel model = trainedModel();
        Dataset data = text("t.txt", "a dog ran far, so it goes.").dataset();
        int[] rows = new int[data.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        double[] gradient = new double[model.parameterCount()];
        double loss = model.lossGradient(data, rows, 0, rows.length, gradient);
        assertEquals(model.evaluate(data).loss(), loss, 1e-5);
        float[] p = model.parameters();
        int checked = 0;
        for (var matrix : model.weightMatrices()) {
            for (int k = matrix.offset(); k < matrix.offset() + matrix.size(); k += 97) {
                float[] plus = p.clone();
                float[] minus = p.clone();
                plus[k] += 1e-2f;
                minus[k] -= 1e-2f;
                model.setParameters(plus);
                double up = model.evaluate(data).loss();
                model.setParameters(minus);
                double down = model.evaluate(data).loss();
                double numeric = (up - down) / (plus[k] - minus[k]);
                assertEquals(numeric, gradient[k], 1e-3 + 0.02 * Math.abs(numeric), "parameter " + k);
                checked++;
            }
        }
        assertTrue(checked > 20, checked + " parameters checked");
    }

    @Test
    void fineTuningOnNewTextLowersItsHeldOutLoss() throws IOException {
        String more = TinyModels.excerpt(70_000);
        Dataset train = text("train.txt", more.substring(30_000, 60_000)).dataset();
        Dataset held = text("held.txt", more.substring(60_000)).dataset();
        DifferentiableModel model = trainedModel();
        Evaluation before = model.evaluate(held);

        model.train(train, TrainingOptions.sgd(2, 32, 0.3), new SplittableRandom(3));

        Evaluation after = model.evaluate(held);
        assertTrue(after.loss() < before.loss() - 0.05, before + " then " + after);
    }

    @Test
    void predictionsAreProbabilitiesOfTheNextCharacterAndBadTokensAreRefused() {
        DifferentiableModel model = trainedModel();
        int context = TinyModels.SETTINGS.context();
        float[] probabilities = model.predictProbabilities(new float[context]);
        assertEquals(TinyModels.CORPUS.vocabulary().size(), probabilities.length);
        double sum = 0;
        for (float p : probabilities) {
            sum += p;
        }
        assertEquals(1, sum, 1e-5);
        float[] bad = new float[context];
        bad[0] = 1.5f;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> model.predictProbabilities(bad)).getMessage()
                .contains("not a token id"));
    }
}
