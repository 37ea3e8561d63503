package org.aegis.model.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.aegis.api.federated.DataReader;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TaskData;
import org.aegis.api.federated.TrainingTask;
import org.aegis.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Lets the network fine-tune the embedded character model on each node's own text: the training task
 * {@value #NAME} (model spec {@value #NAME}; data: a folder of text files, {@link TextSamples}). A run starts from the
 * weights this node trained at first start ({@link ModelBootstrap}), which the same configuration makes bit for bit
 * the same on every node, so every node starts from the same version. Its models give gradients, so a run may
 * federate low-rank adapters only. Shares the local model's configuration; stateless otherwise.
 */
@Component(configurationPid = LocalModelConfig.PID, service = TrainingTask.class,
        property = TrainingTask.SERVICE_PROPERTY + "=" + CharTrainingTask.NAME)
public final class CharTrainingTask implements TrainingTask, DataReader {
    static final String NAME = "aegis-local-char";

    private final Store store;
    private final String fingerprint;
    private final TextSamples samples;

    @Activate
    public CharTrainingTask(LocalModelConfig config, @Reference(name = "store") Store store) {
        this(store, LocalModelSettings.from(config).training(), Corpus.bundled());
    }

    CharTrainingTask(Store store, TrainingSettings settings, Corpus corpus) {
        this.store = store;
        this.fingerprint = settings.fingerprint(corpus);
        this.samples = new TextSamples(corpus.vocabulary(), settings.context());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(String spec) {
        return NAME.equals(spec);
    }

    /**
     * The trained model; {@code seed} is not used: the run starts from the weights every node trained alike.
     *
     * @throws IllegalStateException    while the local model is still training on this node
     * @throws IllegalArgumentException if the spec or the shape is not this model's
     */
    @Override
    public FederatedModel createModel(ModelShape shape, long seed) {
        if (!supports(shape.spec())) {
            throw new IllegalArgumentException("model spec '" + shape.spec() + "' is not " + NAME);
        }
        CharModel trained = stored().orElseThrow(() -> new IllegalStateException("the local model " + NAME
                + " has not finished training on this node yet (see aegis:status)"));
        return new CharNetwork(shape, trained.shape(), trained.parameters());
    }

    @Override
    public TaskData read(String spec, Path path) throws IOException {
        if (!supports(spec)) {
            throw new IllegalArgumentException("model spec '" + spec + "' is not " + NAME);
        }
        return samples.read(path);
    }

    /** The weights the model bootstrap stored for the current settings, if it has. */
    private Optional<CharModel> stored() {
        return store.map(ModelBootstrap.MAP).get(ModelBootstrap.KEY).map(ModelCodec::decode)
                .filter(model -> model.fingerprint().equals(fingerprint));
    }
}
