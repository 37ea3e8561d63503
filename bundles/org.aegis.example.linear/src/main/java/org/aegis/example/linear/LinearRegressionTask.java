package org.aegis.example.linear;

import java.util.SplittableRandom;
import org.aegis.api.federated.FederatedModel;
import org.aegis.api.federated.ModelShape;
import org.aegis.api.federated.TrainingTask;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A training task plugin: lets the network federate a least-squares linear regression ({@link LinearRegression})
 * on the platform's CSV data. A task configuration selects it with {@code model = linear-regression} and lists
 * its ordered labels in class order, e.g. {@code labels = 1,2,3,4,5}. Its models give gradients, so a run may
 * also train them as low-rank adapters. Stateless apart from its configuration.
 */
@Component(service = TrainingTask.class, configurationPid = LinearRegressionTask.PID,
        property = TrainingTask.SERVICE_PROPERTY + "=" + LinearRegressionTask.NAME)
@Designate(ocd = LinearRegressionTask.Config.class)
public final class LinearRegressionTask implements TrainingTask {
    static final String PID = "org.aegis.example.linear";
    /** The task's name, which the platform records with each version it trains. */
    static final String NAME = "linear-regression";

    @ObjectClassDefinition(name = "AEGIS example: linear regression training task",
            description = "Least-squares linear regression of ordered labels, trained by federated SGD.")
    public @interface Config {
        @AttributeDefinition(description = "The model spec a task configuration names to train this model. The"
                + " same on every node, which must all pick the same task for a spec.")
        String spec() default "linear-regression";
    }

    private final String spec;

    /** @throws IllegalArgumentException if the configured spec is blank */
    @Activate
    public LinearRegressionTask(Config config) {
        if (config.spec() == null || config.spec().isBlank()) {
            throw new IllegalArgumentException(PID + ": spec must not be blank");
        }
        this.spec = config.spec().trim();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean supports(String modelSpec) {
        return spec.equals(modelSpec);
    }

    /** @throws IllegalArgumentException naming the spec if it is not this task's */
    @Override
    public FederatedModel createModel(ModelShape shape, long seed) {
        if (!supports(shape.spec())) {
            throw new IllegalArgumentException("model spec '" + shape.spec() + "' is not " + spec);
        }
        // SplittableRandom's sequence is specified, so every node draws the same start from the same seed.
        return new LinearRegression(shape, new SplittableRandom(seed));
    }
}
