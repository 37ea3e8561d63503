package org.aegis.model.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainerTest {
    private static final int[] POSITIONS = new SplittableRandom(99).ints(3000, 0, TinyModels.CORPUS.length()).toArray();

    @Test
    void trainingLowersTheLossBelowTheUnigramEntropy() {
        double before = new Trainer(TinyModels.SETTINGS, TinyModels.CORPUS).untrained().net()
                .meanLoss(TinyModels.CORPUS.tokens(), POSITIONS);
        double after = TinyModels.MODEL.net().meanLoss(TinyModels.CORPUS.tokens(), POSITIONS);
        double unigram = unigramEntropy(TinyModels.CORPUS);
        assertTrue(before > after + 0.5, "loss before " + before + ", after " + after);
        // beating the best context-free model means it learned from the context
        assertTrue(after < unigram - 0.3, "loss after " + after + ", unigram entropy " + unigram);
    }

    @Test
    void reportsEveryStepWithTheMovingAverageLoss() throws InterruptedException {
        TrainingSettings settings = new TrainingSettings(1, 50, 16, 0.01, 4, 4, 8);
        List<TrainingProgress> seen = new ArrayList<>();
        new Trainer(settings, TinyModels.CORPUS).train(seen::add);
        assertEquals(50, seen.size());
        assertEquals(new TrainingProgress(1, 50, seen.get(0).loss()), seen.get(0));
        assertEquals(100, seen.get(49).percent());
        assertTrue(seen.stream().allMatch(p -> p.loss() > 0 && Double.isFinite(p.loss())), seen.toString());
    }

    @Test
    void sameSettingsGiveTheSameWeightsAndAnotherSeedOthers() {
        TrainingSettings settings = new TrainingSettings(5, 40, 8, 0.01, 4, 4, 8);
        assertEquals(TinyModels.train(settings), TinyModels.train(settings));
        assertNotEquals(TinyModels.train(settings),
                TinyModels.train(new TrainingSettings(6, 40, 8, 0.01, 4, 4, 8)));
    }

    @Test
    void stopsWhenInterrupted() {
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class,
                () -> new Trainer(TinyModels.SETTINGS, TinyModels.CORPUS).train(progress -> { }));
        assertTrue(!Thread.currentThread().isInterrupted());
    }

    @Test
    void learningRateDecaysAlongACosineToATenth() {
        TrainingSettings settings = new TrainingSettings(1, 101, 1, 0.01, 1, 1, 1);
        assertEquals(0.01, settings.learningRateAt(0), 1e-12);
        assertEquals(0.0055, settings.learningRateAt(50), 1e-12);
        assertEquals(0.001, settings.learningRateAt(100), 1e-12);
    }

    private static double unigramEntropy(Corpus corpus) {
        long[] counts = new long[corpus.vocabulary().size()];
        for (int token : corpus.tokens()) {
            counts[token]++;
        }
        double entropy = 0;
        for (long count : counts) {
            if (count > 0) {
                double p = (double) count / corpus.length();
                entropy -= p * Math.log(p);
            }
        }
        return entropy;
    }
}
