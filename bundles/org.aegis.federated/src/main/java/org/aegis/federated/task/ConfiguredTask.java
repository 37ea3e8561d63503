package org.aegis.federated.task;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.aegis.api.federated.DataReader;
import org.aegis.api.federated.TrainingTask;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task configuration made a service: the data is loaded and checked at activation, so a bad file fails the
 * component at once with the file, line and column in the log, not in the middle of a round. The model's training
 * task must be installed; when it reads its own data ({@link DataReader}) it reads the files. The training tasks
 * are a static, greedy reference: a task plugin installed later reactivates the configuration, which then loads.
 */
@Component(name = TaskConfig.FACTORY_PID, configurationPid = TaskConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = ConfiguredTask.class)
@Designate(ocd = TaskConfig.class, factory = true)
public final class ConfiguredTask {
    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredTask.class);

    private final LocalTask task;

    @Activate
    public ConfiguredTask(TaskConfig config,
            @Reference(policyOption = ReferencePolicyOption.GREEDY) List<TrainingTask> trainingTasks) {
        try {
            TaskSettings settings = TaskSettings.of(config);
            // by name, as the trainer picks them, so that both agree on the task of a spec
            TrainingTask trainer = trainingTasks.stream().sorted(Comparator.comparing(TrainingTask::name))
                    .filter(t -> t.supports(settings.model())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no installed training task supports the model '"
                            + settings.model() + "' (installed: " + trainingTasks.stream().map(TrainingTask::name)
                            .sorted().toList() + ")"));
            Optional<DataReader> reader = trainer instanceof DataReader own ? Optional.of(own) : Optional.empty();
            this.task = LocalTask.load(settings, reader);
        } catch (IOException | IllegalArgumentException e) {
            String message = "federated task '" + config.task() + "' not started: " + e.getMessage();
            LOG.error(message);
            throw new IllegalStateException(message, e);
        }
        LOG.info("Federated task {}: {} training rows of {} features, {} labels, model {}", task.name(),
                task.training().dataset().size(), task.training().featureNames().size(), task.labels().size(),
                task.model());
    }

    public LocalTask task() {
        return task;
    }
}
