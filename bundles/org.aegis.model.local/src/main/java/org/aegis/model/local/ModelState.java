package org.aegis.model.local;

import java.util.Locale;
import org.aegis.api.model.ModelException;
import org.aegis.api.model.ModelException.Reason;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthState;

/** Where the model stands: being loaded, being trained, serving, or failed. */
sealed interface ModelState {
    /** Reading the store, before training if needed. */
    record Loading() implements ModelState {
    }

    record Training(TrainingProgress progress) implements ModelState {
    }

    /**
     * @param origin      how it came to be, e.g. "loaded from the store"
     * @param saveProblem why the trained weights could not be stored, {@code null} when they were
     */
    record Ready(CharModel model, String origin, String saveProblem) implements ModelState {
    }

    record Failed(String reason) implements ModelState {
    }

    /** @throws ModelException {@code UNAVAILABLE} saying why, unless the model is ready */
    default CharModel readyModel() {
        if (this instanceof Ready ready) {
            return ready.model();
        }
        throw new ModelException(Reason.UNAVAILABLE, describe());
    }

    /** Not ready yet is healthy: the node does not wait for the model, and requests meanwhile fail fast. */
    default ComponentHealth health(String component) {
        HealthState state = HealthState.UP;
        if (this instanceof Failed) {
            state = HealthState.DOWN;
        } else if (this instanceof Ready ready && ready.saveProblem() != null) {
            state = HealthState.DEGRADED;
        }
        return new ComponentHealth(component, state, describe());
    }

    default String describe() {
        if (this instanceof Training training) {
            TrainingProgress progress = training.progress();
            return String.format(Locale.ROOT, "model training, %d%% done (step %d of %d, loss %.3f nats per character)",
                    progress.percent(), progress.step(), progress.steps(), progress.loss());
        }
        if (this instanceof Ready ready) {
            return "model ready: " + ready.model().shape().parameterCount() + " parameters, " + ready.origin()
                    + (ready.saveProblem() == null ? "" : "; not saved, so the next start trains again: "
                            + ready.saveProblem());
        }
        if (this instanceof Failed failed) {
            return "model training failed: " + failed.reason();
        }
        return "model loading";
    }
}
