package org.aegis.federated.model;

import java.util.SplittableRandom;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TrainingTask;
import org.osgi.service.component.annotations.Component;

/** The built-in task: {@code logistic} and {@code mlp:…} models ({@link NetworkSpec}). Stateless. */
@Component(service = TrainingTask.class, property = TrainingTask.SERVICE_PROPERTY + "=" + BuiltinTrainingTask.NAME)
public final class BuiltinTrainingTask implements TrainingTask {
    public static final String NAME = "builtin";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(String spec) {
        try {
            NetworkSpec.parse(spec);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public FederatedModel createModel(ModelShape shape, long seed) {
        // SplittableRandom's sequence is specified, so every node initialises the same parameters from the seed.
        return new DenseNetwork(shape, NetworkSpec.parse(shape.spec()), new SplittableRandom(seed));
    }
}
