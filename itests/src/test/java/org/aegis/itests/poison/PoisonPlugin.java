package org.aegis.itests.poison;

import java.util.Hashtable;
import org.aegis.api.federated.TrainingTask;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A malicious third-party plugin, as a test bundle (never product code): a training task that serves the same
 * model specs as the built-in one, which the node picks because its name sorts first, and that sends poisoned
 * updates (see {@link PoisonedModel}). A plain activator, so that the test bundle needs no DS annotations processed.
 */
public final class PoisonPlugin implements BundleActivator {
    private ServiceTracker<TrainingTask, TrainingTask> builtin;
    private ServiceRegistration<TrainingTask> registration;

    @Override
    public void start(BundleContext context) throws InvalidSyntaxException {
        builtin = new ServiceTracker<>(context, context.createFilter("(&(objectClass=" + TrainingTask.class.getName()
                + ")(" + TrainingTask.SERVICE_PROPERTY + "=builtin))"), null);
        builtin.open();
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(TrainingTask.SERVICE_PROPERTY, PoisonedTrainingTask.NAME);
        registration = context.registerService(TrainingTask.class, new PoisonedTrainingTask(builtin), properties);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
        builtin.close();
    }
}
