package org.aegis.model.local;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.aegis.api.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the model up, on the thread that runs it: loads the weights from the store when they were trained with the
 * same settings on the same corpus, else trains them and stores them, so a restart loads in milliseconds instead of
 * training again. Publishes every step through {@link #state}.
 */
final class ModelBootstrap implements Runnable {
    static final String MAP = "model.local";
    static final String KEY = "weights";

    private static final Logger LOG = LoggerFactory.getLogger(ModelBootstrap.class);

    private final Store store;
    private final Supplier<Corpus> corpus;
    private final TrainingSettings settings;
    private volatile ModelState state = new ModelState.Loading();

    ModelBootstrap(Store store, Supplier<Corpus> corpus, TrainingSettings settings) {
        this.store = store;
        this.corpus = corpus;
        this.settings = settings;
    }

    ModelState state() {
        return state;
    }

    @Override
    public void run() {
        try {
            Corpus text = corpus.get();
            String fingerprint = settings.fingerprint(text);
            Optional<CharModel> stored = load(fingerprint);
            if (stored.isPresent()) {
                state = new ModelState.Ready(stored.get(), "loaded from the store", null);
                LOG.info("Local model loaded from the store ({})", fingerprint);
                return;
            }
            state = new ModelState.Training(TrainingProgress.start(settings.steps()));
            LOG.info("Training the local model on {} characters: {}", text.length(), fingerprint);
            long started = System.nanoTime();
            CharModel model = new Trainer(settings, text).train(progress -> state = new ModelState.Training(progress));
            String origin = String.format(Locale.ROOT, "trained in %.1f s", (System.nanoTime() - started) / 1e9);
            state = new ModelState.Ready(model, origin, save(model));
            LOG.info("Local model {}", state.describe());
        } catch (InterruptedException e) {
            LOG.info("Local model training stopped: {}", e.getMessage());
            state = new ModelState.Failed("stopped before it finished");
        } catch (RuntimeException e) {
            LOG.error("Local model training failed", e);
            state = new ModelState.Failed(e.toString());
        }
    }

    /** The stored model if it is the one these settings make; anything else is logged and trained over. */
    private Optional<CharModel> load(String fingerprint) {
        Optional<byte[]> bytes = store.map(MAP).get(KEY);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            CharModel model = ModelCodec.decode(bytes.get());
            if (model.fingerprint().equals(fingerprint)) {
                return Optional.of(model);
            }
            LOG.info("The stored local model was trained with other settings ({}); training a new one",
                    model.fingerprint());
        } catch (IllegalArgumentException e) {
            LOG.warn("The stored local model cannot be read ({}); training a new one", e.getMessage());
        }
        return Optional.empty();
    }

    /** @return why the weights were not saved, {@code null} when they were */
    private String save(CharModel model) {
        try {
            byte[] bytes = ModelCodec.encode(model);
            store.write(batch -> batch.put(MAP, KEY, bytes));
            return null;
        } catch (RuntimeException e) {
            LOG.warn("The trained local model could not be saved; the next start trains again", e);
            return e.toString();
        }
    }
}
