package org.aegis.itests.poison;

import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TrainingTask;
import org.osgi.util.tracker.ServiceTracker;

/** The built-in task's models, wrapped so that every local training step sends a poisoned update. */
final class PoisonedTrainingTask implements TrainingTask {
    /** Sorts before "builtin": the node's trainer for the specs both support. */
    static final String NAME = "adversary";
    private final ServiceTracker<TrainingTask, TrainingTask> builtin;

    PoisonedTrainingTask(ServiceTracker<TrainingTask, TrainingTask> builtin) {
        this.builtin = builtin;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(String spec) {
        TrainingTask honest = builtin.getService();
        return honest != null && honest.supports(spec);
    }

    @Override
    public FederatedModel createModel(ModelShape shape, long seed) {
        TrainingTask honest = builtin.getService();
        if (honest == null) {
            throw new IllegalStateException("the built-in training task is gone");
        }
        return new PoisonedModel(honest.createModel(shape, seed));
    }
}
