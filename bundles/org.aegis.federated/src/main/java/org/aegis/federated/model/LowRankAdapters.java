package org.aegis.federated.model;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.DifferentiableModel;
import org.aegis.api.federated.TrainingOptions;
import org.aegis.api.federated.WeightMatrix;

/**
 * Low-rank adapters on a model's weight matrices (LoRA, Hu et al. 2021) whose down-projections are frozen
 * (FFA-LoRA, Sun et al. 2024): each matrix W (rows × columns) is trained as W + B·A, with A (rank × columns) drawn
 * from a seed and never trained, and B (rows × rank) trained from zero. Only the Bs travel. Every participant
 * draws the same A, so the network aggregates B·A through the Bs: exactly for rules linear in the updates
 * (FedAvg), and for the others (median, Krum, …) the aggregate is still an update in the same subspace. A round
 * draws a new A, so the merged model's change across rounds is not limited to one rank-r subspace.
 *
 * <p>A's entries are uniform in ±√(3 / columns), so each of its rows has unit expected norm and B·A moves W by
 * steps of the size full training would take in that subspace: the run's learning rate needs no rescaling.
 * Immutable; {@link #train} allocates only per call.
 */
public final class LowRankAdapters {
    private static final long ROUND_MIX = 0x9E3779B97F4A7C15L;

    private final List<WeightMatrix> matrices;
    private final int rank;
    /** Per matrix, A row-major: rank × columns. */
    private final float[][] down;
    /** Per matrix, where its B (rows × rank, row-major) starts in the adapter vector. */
    private final int[] adapterOffset;
    private final int parameterCount;

    private LowRankAdapters(List<WeightMatrix> matrices, int rank, long seed) {
        if (matrices.isEmpty()) {
            throw new IllegalArgumentException("the model names no weight matrix to adapt");
        }
        if (rank < 1) {
            throw new IllegalArgumentException("adapter rank must be positive, was " + rank);
        }
        this.matrices = List.copyOf(matrices);
        this.rank = rank;
        this.down = new float[matrices.size()][];
        this.adapterOffset = new int[matrices.size()];
        SplittableRandom random = new SplittableRandom(seed);
        long count = 0;
        for (int m = 0; m < matrices.size(); m++) {
            WeightMatrix matrix = matrices.get(m);
            adapterOffset[m] = Math.toIntExact(count);
            count += (long) matrix.rows() * rank;
            // Uniform draws only: exact arithmetic on the generator's bits, the same A on every JVM.
            double limit = Math.sqrt(3.0 / matrix.columns());
            down[m] = new float[rank * matrix.columns()];
            for (int k = 0; k < down[m].length; k++) {
                down[m][k] = (float) (limit * (2 * random.nextDouble() - 1));
            }
        }
        this.parameterCount = Math.toIntExact(count);
    }

    /**
     * The adapters of one round of a run: every node derives the same A from the run's seed and the round.
     *
     * @throws IllegalArgumentException if the rank is not positive or there is no matrix
     */
    public static LowRankAdapters forRound(List<WeightMatrix> matrices, int rank, long runSeed, int round) {
        return new LowRankAdapters(matrices, rank, runSeed ^ (round * ROUND_MIX));
    }

    /** The length of the adapter vector (all Bs): what a participant sends. */
    public int parameterCount() {
        return parameterCount;
    }

    public int rank() {
        return rank;
    }

    /**
     * The model's parameters with the adapters merged: {@code base} with B·A added to each adapted matrix.
     *
     * @throws IllegalArgumentException if {@code adapters} is not {@link #parameterCount()} long or a matrix lies
     *                                  outside {@code base}
     */
    public float[] merge(float[] base, float[] adapters) {
        if (adapters.length != parameterCount) {
            throw new IllegalArgumentException("adapters: " + adapters.length + " values, rank " + rank + " needs "
                    + parameterCount);
        }
        float[] merged = base.clone();
        for (int m = 0; m < matrices.size(); m++) {
            WeightMatrix matrix = matrices.get(m);
            if ((long) matrix.offset() + matrix.size() > base.length) {
                throw new IllegalArgumentException(matrix + " lies outside the " + base.length + " parameters");
            }
            mergeMatrix(m, base, adapters, merged);
        }
        return merged;
    }

    /**
     * Trains adapters from zero by mini-batch SGD on {@code data}, the model's own weights frozen at {@code base};
     * with FedProx, the proximal term pulls the adapters towards {@code options.globalParameters()} (the round's
     * adapters: zero). Leaves the model's parameters at the merged result.
     *
     * @return the trained adapters ({@link #parameterCount()} values)
     * @throws IllegalArgumentException if the base or the proximal term's vector has the wrong length
     */
    public Trained train(DifferentiableModel model, float[] base, Dataset data, TrainingOptions options,
            RandomGenerator random) {
        if (base.length != model.parameterCount()) {
            throw new IllegalArgumentException("base: " + base.length + " values, the model has "
                    + model.parameterCount());
        }
        float[] adapters = new float[parameterCount];
        float[] global = options.proximalMu() > 0 ? options.globalParameters() : null;
        if (global != null && global.length != parameterCount) {
            throw new IllegalArgumentException("the proximal term's adapters have " + global.length + " values, rank "
                    + rank + " needs " + parameterCount);
        }
        int n = data.size();
        float[] effective = base.clone();
        if (n == 0) {
            return new Trained(adapters, 0);
        }
        double[] gradient = new double[base.length];
        double[] adapterGradient = new double[parameterCount];
        int batchSize = Math.min(options.batchSize(), n);
        int[] order = Shuffling.identity(n);
        double epochLoss = 0;
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            Shuffling.shuffle(order, random);
            epochLoss = 0;
            for (int start = 0; start < n; start += batchSize) {
                int batch = Math.min(batchSize, n - start);
                model.setParameters(effective);
                epochLoss += model.lossGradient(data, order, start, batch, gradient) * batch;
                project(gradient, adapterGradient);
                for (int k = 0; k < parameterCount; k++) {
                    double g = adapterGradient[k];
                    if (global != null) {
                        g += options.proximalMu() * (adapters[k] - global[k]);
                    }
                    adapters[k] = (float) (adapters[k] - options.learningRate() * g);
                }
                for (int m = 0; m < matrices.size(); m++) {
                    mergeMatrix(m, base, adapters, effective);
                }
            }
        }
        model.setParameters(effective);
        return new Trained(adapters, epochLoss / n);
    }

    /**
     * Adapters after local training.
     *
     * @param adapters the Bs
     * @param loss     the last epoch's mean training loss
     */
    public record Trained(float[] adapters, double loss) {
        public Trained {
            adapters = adapters.clone();
        }

        @Override
        public float[] adapters() {
            return adapters.clone();
        }
    }

    /** ∂loss/∂B = ∂loss/∂W · Aᵀ for every matrix. */
    private void project(double[] gradient, double[] adapterGradient) {
        for (int m = 0; m < matrices.size(); m++) {
            WeightMatrix matrix = matrices.get(m);
            int columns = matrix.columns();
            float[] a = down[m];
            for (int row = 0; row < matrix.rows(); row++) {
                int w = matrix.offset() + row * columns;
                for (int r = 0; r < rank; r++) {
                    double sum = 0;
                    int ar = r * columns;
                    for (int c = 0; c < columns; c++) {
                        sum += gradient[w + c] * a[ar + c];
                    }
                    adapterGradient[adapterOffset[m] + row * rank + r] = sum;
                }
            }
        }
    }

    /** {@code target}'s matrix m = base's + B·A. */
    private void mergeMatrix(int m, float[] base, float[] adapters, float[] target) {
        WeightMatrix matrix = matrices.get(m);
        int columns = matrix.columns();
        float[] a = down[m];
        for (int row = 0; row < matrix.rows(); row++) {
            int w = matrix.offset() + row * columns;
            int b = adapterOffset[m] + row * rank;
            for (int c = 0; c < columns; c++) {
                double sum = 0;
                for (int r = 0; r < rank; r++) {
                    sum += (double) adapters[b + r] * a[r * columns + c];
                }
                target[w + c] = (float) (base[w + c] + sum);
            }
        }
    }
}
