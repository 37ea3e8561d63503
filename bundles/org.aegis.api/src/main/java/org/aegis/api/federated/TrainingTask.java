package org.aegis.api.federated;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A plugin that lets the network federate a kind of model: it makes models from a spec string. Registered as a
 * service with the property {@value #SERVICE_PROPERTY}{@code =}{@link #name()}; a round selects the task by its
 * name and the model by the spec the network agreed.
 */
@ConsumerType
public interface TrainingTask {
    /** Service property naming the task. */
    String SERVICE_PROPERTY = "aegis.task";

    /** The task's stable name, e.g. {@code builtin}. */
    String name();

    /**
     * Whether {@link #createModel} accepts this spec. Quick, no side effects, safe from any thread.
     */
    boolean supports(String spec);

    /**
     * A new model of the given shape with parameters initialised from {@code seed}: the same shape and seed give
     * bit-identical parameters on every JVM, so that every node starts a task from the same version.
     * Safe to call from several threads at once; each call returns an independent model.
     *
     * @throws IllegalArgumentException if the spec is not supported or malformed; the message names the spec
     */
    FederatedModel createModel(ModelShape shape, long seed);
}
