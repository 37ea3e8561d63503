package org.aegis.model.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.aegis.testing.Configs;

/**
 * Trains the model with the default configuration on the bundled corpus, timed, then measures on one thread how
 * fast it generates (characters per second at temperature 0.8, top-k as configured) and embeds (100-character
 * texts per second). Writes the figures as JSON to the path given as the first argument. Run it with
 * {@code mvn -B -o -Pbench test -pl bundles/org.aegis.model.local}.
 */
public final class LocalModelBench {
    private static final long MEASURE_NANOS = 3_000_000_000L;
    private static final String PROMPT = "POLITICS, n.";

    private LocalModelBench() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args[0]);
        LocalModelSettings settings = LocalModelSettings.from(Configs.of(LocalModelConfig.class, Map.of()));
        TrainingSettings training = settings.training();
        Corpus corpus = Corpus.bundled();

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long startedCpu = threads.getCurrentThreadCpuTime();
        long started = System.nanoTime();
        TrainingProgress[] last = new TrainingProgress[1];
        CharModel model = new Trainer(training, corpus).train(progress -> last[0] = progress);
        double trainingSeconds = (System.nanoTime() - started) / 1e9;
        double trainingCpuSeconds = (threads.getCurrentThreadCpuTime() - startedCpu) / 1e9;
        int[] evaluation = new SplittableRandom(1).ints(20_000, 0, corpus.length()).toArray();
        double loss = model.net().meanLoss(corpus.tokens(), evaluation);

        SplittableRandom random = new SplittableRandom(2);
        measureGeneration(model, settings, random, MEASURE_NANOS / 3); // warm-up
        double tokensPerSecond = measureGeneration(model, settings, random, MEASURE_NANOS);
        String text = sampleText(corpus);
        measureEmbeddings(model, text, MEASURE_NANOS / 3);
        double embeddingsPerSecond = measureEmbeddings(model, text, MEASURE_NANOS);

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", settings.modelId());
        result.put("parameters", model.shape().parameterCount());
        result.put("shape", model.shape().toString());
        result.put("corpus_characters", corpus.length());
        result.put("training_steps", training.steps());
        result.put("batch_size", training.batchSize());
        result.put("epochs", (double) training.steps() * training.batchSize() / corpus.length());
        result.put("training_seconds", round(trainingSeconds));
        // on a shared machine the wall time includes waiting for a core; the CPU time is what training costs
        result.put("training_cpu_seconds", round(trainingCpuSeconds));
        result.put("load_average_at_end", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        result.put("final_moving_average_loss_nats", round(last[0].loss()));
        result.put("loss_nats_on_20000_corpus_positions", round(loss));
        result.put("bits_per_character", round(loss / Math.log(2)));
        result.put("generation_tokens_per_second", Math.round(tokensPerSecond));
        result.put("embedding_text_characters", text.length());
        result.put("embeddings_per_second", Math.round(embeddingsPerSecond));
        result.put("sample_greedy", reply(model, PROMPT, 0, settings, random));
        result.put("sample_temperature_0_8", reply(model, PROMPT, 0.8, settings, random));
        result.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        result.put("threads", 1);
        Files.createDirectories(output.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(output.toFile(), result);
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
    }

    /** Characters generated per second, over replies of up to 500 characters. */
    private static double measureGeneration(CharModel model, LocalModelSettings settings, SplittableRandom random,
            long nanos) {
        long tokens = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < nanos) {
            Generation generation = new Generation(model, PROMPT, 500, new Sampler(0.8, settings.topK(), random));
            while (generation.next() != null) {
                // the fragments are not kept: only the speed is measured
            }
            tokens += generation.completionTokens();
        }
        return tokens / ((System.nanoTime() - start) / 1e9);
    }

    private static double measureEmbeddings(CharModel model, String text, long nanos) {
        long count = 0;
        double sink = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < nanos) {
            sink += model.embed(text)[0];
            count++;
        }
        if (Double.isNaN(sink)) {
            throw new IllegalStateException("embedding is NaN");
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static String sampleText(Corpus corpus) {
        StringBuilder text = new StringBuilder();
        for (int i = 1000; text.length() < 100; i++) {
            text.appendCodePoint(corpus.vocabulary().codePoint(corpus.tokens()[i]));
        }
        return text.toString();
    }

    private static String reply(CharModel model, String prompt, double temperature, LocalModelSettings settings,
            SplittableRandom random) {
        Generation generation = new Generation(model, prompt, 300, new Sampler(temperature, settings.topK(), random));
        StringBuilder text = new StringBuilder();
        for (String fragment = generation.next(); fragment != null; fragment = generation.next()) {
            text.append(fragment);
        }
        return text.toString();
    }

    private static double round(double value) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.3f", value));
    }
}
