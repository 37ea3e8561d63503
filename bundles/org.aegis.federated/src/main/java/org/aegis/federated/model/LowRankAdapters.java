package org.aegis.federated.model;

import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.aegis.api.federated.Dataset;
import org.aegis.api.federated.DifferentiableModel;
import org.aegis.api.federated.TrainingOptions;
import org.aegis.api.federated.WeightMatrix;

/**
 * Low-rank adapters on a model's weight matrices (LoRA, Hu et al. 2021): a participant trains each matrix W
 * (outputs × inputs, however the model stores it) as W + B·A, with B (outputs × rank) from zero and A (rank ×
 * inputs) from a random start every node draws alike from the run's seed and the round, and sends only the
 * factors' changes: rank × (outputs + inputs) values per matrix instead of outputs × inputs. Every node
 * {@link #expand expands} each received update to its B·A, so that the run's strategy aggregates the model
 * changes themselves: FedAvg of the expanded updates is exactly FedAvg of the low-rank updates, and the robust
 * rules compare updates in the model's own space, where distances mean something (averaging Bs and As separately,
 * as FedIT does, would not). The aggregate is merged into the base; the next round starts new adapters, so the
 * model's change across rounds is not limited to one rank.
 *
 * <p>A's start is uniform in ±√(3 / inputs), rows of unit expected norm, and B·A is added unscaled (α = rank).
 * Immutable; {@link #train} allocates only per call.
 */
public final class LowRankAdapters {
    private static final long ROUND_MIX = 0x9E3779B97F4A7C15L;

    private final List<WeightMatrix> matrices;
    private final int rank;
    /** The round's starting factors: per matrix, B (outputs × rank, zero) then A (rank × inputs). */
    private final float[] start;
    /** Per matrix, where its B starts in the factor vector; its A follows it. */
    private final int[] factorOffset;

    private LowRankAdapters(List<WeightMatrix> matrices, int rank, long seed) {
        if (matrices.isEmpty()) {
            throw new IllegalArgumentException("the model names no weight matrix to adapt");
        }
        if (rank < 1) {
            throw new IllegalArgumentException("adapter rank must be positive, was " + rank);
        }
        this.matrices = List.copyOf(matrices);
        this.rank = rank;
        this.factorOffset = new int[matrices.size()];
        long count = 0;
        for (int m = 0; m < matrices.size(); m++) {
            factorOffset[m] = Math.toIntExact(count);
            count += (long) rank * (matrices.get(m).outputs() + matrices.get(m).inputs());
        }
        this.start = new float[Math.toIntExact(count)];
        SplittableRandom random = new SplittableRandom(seed);
        for (int m = 0; m < matrices.size(); m++) {
            WeightMatrix matrix = matrices.get(m);
            // Uniform draws only: exact arithmetic on the generator's bits, the same A on every JVM.
            double limit = Math.sqrt(3.0 / matrix.inputs());
            int a = downOffset(m);
            for (int k = a; k < a + rank * matrix.inputs(); k++) {
                start[k] = (float) (limit * (2 * random.nextDouble() - 1));
            }
        }
    }

    /**
     * The adapters of one round of a run: every node derives the same start from the run's seed and the round.
     *
     * @throws IllegalArgumentException if the rank is not positive or there is no matrix
     */
    public static LowRankAdapters forRound(List<WeightMatrix> matrices, int rank, long runSeed, int round) {
        return new LowRankAdapters(matrices, rank, runSeed ^ (round * ROUND_MIX));
    }

    /** The length of an update: the factors of every matrix. */
    public int parameterCount() {
        return start.length;
    }

    public int rank() {
        return rank;
    }

    /** The round's starting factors: B zero, A drawn from the seed. */
    public float[] start() {
        return start.clone();
    }

    /**
     * The model change an update stands for: B·A on each adapted matrix, zero elsewhere.
     *
     * @param change      the factors' change, as a participant sends it
     * @param parameters  the model's parameter count
     * @throws IllegalArgumentException if {@code change} is not {@link #parameterCount()} long or a matrix lies
     *                                  outside the parameters
     */
    public float[] expand(float[] change, int parameters) {
        requireFactors(change, "update");
        float[] factors = start.clone();
        for (int k = 0; k < factors.length; k++) {
            factors[k] += change[k];
        }
        float[] delta = new float[parameters];
        for (int m = 0; m < matrices.size(); m++) {
            WeightMatrix matrix = matrices.get(m);
            if ((long) matrix.offset() + matrix.size() > parameters) {
                throw new IllegalArgumentException(matrix + " lies outside the " + parameters + " parameters");
            }
            addProduct(m, factors, delta);
        }
        return delta;
    }

    /**
     * Trains the adapters by mini-batch SGD on {@code data}, the model's own weights frozen at {@code base}; with
     * FedProx, the proximal term pulls the factors towards {@code options.globalParameters()} ({@link #start()}).
     * Leaves the model's parameters at base plus the trained adapters.
     *
     * @return the factors' change from their start ({@link #parameterCount()} values): the update to send
     * @throws IllegalArgumentException if the base or the proximal term's factors have the wrong length
     */
    public Trained train(DifferentiableModel model, float[] base, Dataset data, TrainingOptions options,
            RandomGenerator random) {
        if (base.length != model.parameterCount()) {
            throw new IllegalArgumentException("base: " + base.length + " values, the model has "
                    + model.parameterCount());
        }
        float[] pull = options.proximalMu() > 0 ? options.globalParameters() : null;
        if (pull != null) {
            requireFactors(pull, "the proximal term's factors");
        }
        float[] factors = start.clone();
        int n = data.size();
        if (n == 0) {
            return new Trained(new float[factors.length], 0);
        }
        float[] effective = base.clone();
        double[] gradient = new double[base.length];
        double[] factorGradient = new double[factors.length];
        int batchSize = Math.min(options.batchSize(), n);
        int[] order = Shuffling.identity(n);
        double epochLoss = 0;
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            Shuffling.shuffle(order, random);
            epochLoss = 0;
            for (int begin = 0; begin < n; begin += batchSize) {
                int batch = Math.min(batchSize, n - begin);
                model.setParameters(effective);
                epochLoss += model.lossGradient(data, order, begin, batch, gradient) * batch;
                factorGradients(factors, gradient, factorGradient);
                for (int k = 0; k < factors.length; k++) {
                    double g = factorGradient[k];
                    if (pull != null) {
                        g += options.proximalMu() * (factors[k] - pull[k]);
                    }
                    factors[k] = (float) (factors[k] - options.learningRate() * g);
                }
                System.arraycopy(base, 0, effective, 0, base.length);
                for (int m = 0; m < matrices.size(); m++) {
                    addProduct(m, factors, effective);
                }
            }
        }
        model.setParameters(effective);
        float[] change = new float[factors.length];
        for (int k = 0; k < change.length; k++) {
            change[k] = factors[k] - start[k];
        }
        return new Trained(change, epochLoss / n);
    }

    /**
     * Adapters after local training.
     *
     * @param change the factors' change from their start: the update
     * @param loss   the last epoch's mean training loss
     */
    public record Trained(float[] change, double loss) {
        public Trained {
            change = change.clone();
        }

        @Override
        public float[] change() {
            return change.clone();
        }
    }

    private int downOffset(int m) {
        return factorOffset[m] + matrices.get(m).outputs() * rank;
    }

    /** ∂loss/∂B = ∂loss/∂W · Aᵀ and ∂loss/∂A = Bᵀ · ∂loss/∂W, for every matrix. */
    void factorGradients(float[] factors, double[] gradient, double[] factorGradient) {
        java.util.Arrays.fill(factorGradient, 0);
        for (int m = 0; m < matrices.size(); m++) {
            WeightMatrix matrix = matrices.get(m);
            int inputs = matrix.inputs();
            int b = factorOffset[m];
            int a = downOffset(m);
            for (int o = 0; o < matrix.outputs(); o++) {
                for (int i = 0; i < inputs; i++) {
                    double g = gradient[matrix.index(o, i)];
                    if (g == 0) {
                        continue;
                    }
                    for (int r = 0; r < rank; r++) {
                        factorGradient[b + o * rank + r] += g * factors[a + r * inputs + i];
                        factorGradient[a + r * inputs + i] += g * factors[b + o * rank + r];
                    }
                }
            }
        }
    }

    /** Adds matrix m's B·A, from {@code factors}, into {@code target}. */
    private void addProduct(int m, float[] factors, float[] target) {
        WeightMatrix matrix = matrices.get(m);
        int inputs = matrix.inputs();
        int b = factorOffset[m];
        int a = downOffset(m);
        for (int o = 0; o < matrix.outputs(); o++) {
            for (int i = 0; i < inputs; i++) {
                double sum = 0;
                for (int r = 0; r < rank; r++) {
                    sum += (double) factors[b + o * rank + r] * factors[a + r * inputs + i];
                }
                int w = matrix.index(o, i);
                target[w] = (float) (target[w] + sum);
            }
        }
    }

    private void requireFactors(float[] values, String what) {
        if (values.length != start.length) {
            throw new IllegalArgumentException(what + ": " + values.length + " values, rank " + rank + " needs "
                    + start.length);
        }
    }
}
