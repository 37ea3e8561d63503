package org.aegis.federated.trainer;

import java.util.Optional;
import org.aegis.api.federated.Evaluation;
import org.aegis.api.federated.FederatedModel;
import org.aegis.federated.task.LocalTask;

/** How good a version is on this node: loss and accuracy on its held-out (else training) data for the task. */
final class Measurement {
    private Measurement() {
    }

    /** Empty if this node holds no data of the version's shape, or cannot build its model. */
    static Optional<Evaluation> of(RunProtocol.Host host, String task, VersionBody body) {
        Optional<LocalTask> local = host.localTask(task).filter(t -> t.labels().equals(body.labels())
                && t.training().featureNames().size() == body.features());
        Optional<FederatedModel> model = host.model(body.trainer(), body.shape(), 0);
        if (local.isEmpty() || model.isEmpty()) {
            return Optional.empty();
        }
        model.get().setParameters(body.parameters());
        return Optional.of(model.get().evaluate(body.normalizer().apply(local.get().measuredOn().dataset())));
    }
}
