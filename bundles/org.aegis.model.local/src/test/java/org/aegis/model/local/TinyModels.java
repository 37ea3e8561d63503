package org.aegis.model.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.aegis.testing.Configs;

/** A small corpus and model sizes that train in well under a second, for the unit tests. */
final class TinyModels {
    /** The first 30 000 characters of the bundled corpus. */
    static final Corpus CORPUS = Corpus.of(excerpt(30_000));
    static final TrainingSettings SETTINGS = new TrainingSettings(7, 600, 32, 0.01, 8, 8, 48);
    /** {@link #SETTINGS} trained on {@link #CORPUS}. */
    static final CharModel MODEL = train(SETTINGS);

    private TinyModels() {
    }

    static String excerpt(int characters) {
        try (InputStream in = Corpus.class.getResourceAsStream(Corpus.BUNDLED)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.substring(0, Math.min(characters, text.length()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CharModel train(TrainingSettings settings) {
        try {
            return new Trainer(settings, CORPUS).train(progress -> { });
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The provider's settings for the tiny model, with overrides by config property name. */
    static LocalModelSettings settings(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(Map.of("seed", SETTINGS.seed(),
                "trainingSteps", SETTINGS.steps(), "batchSize", SETTINGS.batchSize(),
                "learningRate", SETTINGS.learningRate(), "contextLength", SETTINGS.context(),
                "embeddingSize", SETTINGS.embedding(), "hiddenSize", SETTINGS.hidden()));
        properties.putAll(overrides);
        return LocalModelSettings.from(Configs.of(LocalModelConfig.class, properties));
    }
}
