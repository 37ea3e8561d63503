package org.aegis.api.federated;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A plugin that lets the network federate a kind of model: it makes models from a spec string. Registered as a
 * service with the property {@value #SERVICE_PROPERTY}{@code =}{@link #name()}; a round selects the task by its
 * name and the model by the spec the network agreed.
 *
 * <p>Selection: federated learning and the task configurations bind every training task and identify each by
 * {@link #name()} (they do not read {@value #SERVICE_PROPERTY}); for a model spec they take the first task, in name
 * order, whose {@link #supports} accepts it, so every node picks the same one. Names must be unique: of two tasks with
 * one name the one bound last is used. {@code service.ranking} is not read.
 *
 * <p>Hot swap: the task configurations, which hold this node's data, reference the training tasks statically: when a
 * task is bound or unbound they are restarted, and load their data again (through {@link DataReader} if the task is
 * one). Models are made for one use and dropped, so a replacement's models are used from the next use; they must be
 * bit-identical to the old ones or this node's versions diverge from the network's. While no task supports a run's
 * spec, this node fails to start the run, skips its rounds' training, refuses predictions, and may hold its later
 * federated decisions until one is back.
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so a task built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface TrainingTask {
    /** Service property naming the task; set it to {@link #name()}. */
    String SERVICE_PROPERTY = "aegis.task";

    /** The task's stable name, e.g. {@code builtin}. Constant for the life of the service; read when it is bound. */
    String name();

    /**
     * Whether {@link #createModel} accepts this spec. Quick, no side effects, safe from any thread: called on
     * federated learning's decision thread, on REST request threads and while task configurations activate. Must
     * answer the same on every node for the same spec.
     */
    boolean supports(String spec);

    /**
     * A new model of the given shape with parameters initialised from {@code seed}: the same shape and seed give
     * bit-identical parameters on every JVM, so that every node starts a task from the same version.
     * Safe to call from several threads at once; each call returns an independent model.
     *
     * <p>Called on federated learning's decision and training threads and on REST request threads (predictions
     * create a model with seed 0, then set its parameters), whenever a model is needed; the caller uses it on one
     * thread and drops it. Should be quick: allocate, do not read files or the network. On the decision thread an
     * exception affects this node only: depending on the step, the run fails here or the decision is ignored here
     * (both logged), or, for an exception other than {@link IllegalArgumentException}, the decision and every later
     * federated decision wait until applying it succeeds.
     *
     * @throws IllegalArgumentException if the spec is not supported or malformed; the message names the spec
     */
    FederatedModel createModel(ModelShape shape, long seed);
}
