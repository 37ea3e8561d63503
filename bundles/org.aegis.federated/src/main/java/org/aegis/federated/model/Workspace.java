package org.aegis.federated.model;

/**
 * Preallocated buffers for a batch: activations and error signals per layer and the gradient, so that the
 * training loop allocates nothing per sample or per batch.
 */
final class Workspace {
    final int batchCapacity;
    /** activations[l]: batch × sizes[l], row per sample; activations[0] holds the inputs. */
    final float[][] activations;
    /** errors[l]: ∂loss/∂pre-activation of layer l's outputs, batch × sizes[l] (index 0 unused). */
    final float[][] errors;
    final double[] gradient;

    Workspace(int[] sizes, int batchCapacity, int parameterCount) {
        this.batchCapacity = batchCapacity;
        this.activations = new float[sizes.length][];
        this.errors = new float[sizes.length][];
        for (int l = 0; l < sizes.length; l++) {
            activations[l] = new float[batchCapacity * sizes[l]];
            errors[l] = l == 0 ? new float[0] : new float[batchCapacity * sizes[l]];
        }
        this.gradient = new double[parameterCount];
    }
}
