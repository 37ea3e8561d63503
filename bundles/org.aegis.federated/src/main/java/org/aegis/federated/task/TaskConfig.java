package org.aegis.federated.task;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One local training task (factory PID {@code org.aegis.federated.task}): every factory configuration, e.g.
 * {@code etc/org.aegis.federated.task-iris.cfg}, declares the data this node contributes to a task. Checked by
 * {@link TaskSettings}.
 */
@ObjectClassDefinition(id = TaskConfig.FACTORY_PID, name = "AEGIS federated training task",
        description = "The local data this node trains a federated task on: one per configuration.")
public @interface TaskConfig {
    String FACTORY_PID = "org.aegis.federated.task";

    @AttributeDefinition(name = "Task", description = "The task's name, the same on every node that trains it"
            + " (letters, digits, '.', '_', '-'; at most 64).")
    String task();

    @AttributeDefinition(name = "Training data", description = "Path of the CSV file (a header row, numeric"
            + " feature columns and the label column), or for a model whose training task reads its own data (e.g."
            + " aegis-local-char: a folder of text files) what that task reads.")
    String data();

    @AttributeDefinition(name = "Label column", required = false, description = "Header name of the CSV's label"
            + " column; not used by tasks that read their own data.")
    String label() default "";

    @AttributeDefinition(name = "Evaluation data", required = false,
            description = "Optional held-out data of the same kind (same CSV columns), to measure each version on.")
    String eval() default "";

    @AttributeDefinition(name = "Model", description = "logistic, or mlp:<width>,<width>,… e.g. mlp:64,32, or a"
            + " spec of an installed training task plugin, e.g. aegis-local-char")
    String model() default "logistic";

    @AttributeDefinition(name = "Labels", required = false, description = "The label set the network agreed,"
            + " comma-separated, in class order; empty: the labels found in the training data, sorted.")
    String labels() default "";
}
