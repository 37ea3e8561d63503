package org.aegis.federated.task;

import java.io.IOException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task configuration made a service: the CSV is loaded and checked at activation, so a bad file fails the
 * component at once with the file, line and column in the log, not in the middle of a round.
 */
@Component(name = TaskConfig.FACTORY_PID, configurationPid = TaskConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = ConfiguredTask.class)
@Designate(ocd = TaskConfig.class, factory = true)
public final class ConfiguredTask {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredTask.class);

    private final LocalTask task;

    @Activate
    public ConfiguredTask(TaskConfig config) {
        try {
            this.task = LocalTask.load(TaskSettings.of(config));
        } catch (IOException | IllegalArgumentException e) {
            String message = "federated task '" + config.task() + "' not started: " + e.getMessage();
            LOG.error(message);
            throw new IllegalStateException(message, e);
        }
        LOG.info("Federated task {}: {} training rows of {} features, labels {}, model {}", task.name(),
                task.training().dataset().size(), task.training().featureNames().size(), task.labels(), task.model());
    }

    public LocalTask task() {
        return task;
    }
}
