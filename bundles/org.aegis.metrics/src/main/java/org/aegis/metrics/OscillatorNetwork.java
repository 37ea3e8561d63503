package org.aegis.metrics;

import java.util.SplittableRandom;

/**
 * The node's stochastic Kuramoto network (docs/metrics.md §1), integrated by Euler–Maruyama with a fixed step dt:
 * <pre>
 * θ_k ← θ_k + dt·(ω_k + (K/deg_k)·Σ_{j~k} sin(θ_j − θ_k) + [k=0]·K_ext·mean_p sin(Ψ_p − θ_0)) + σ·√dt·ξ_k
 * </pre>
 * All drifts are taken from the phases before the step (a synchronous update). Phases are kept wrapped into
 * [0, 2π), which changes no sine or cosine and keeps their precision over long runs.
 *
 * <p>Randomness: one {@link SplittableRandom} seeded with the node's seed. The draws, in order: u_0..u_{n−1}
 * ({@code nextDouble()}, ω_k = ω0 + δ·(2u_k − 1)), then the initial phases θ_0..θ_{n−1} (2π·{@code nextDouble()}),
 * then per step ξ_0..ξ_{n−1} ({@code nextGaussian()}, the JDK 17 {@code RandomGenerator} algorithm). The same seed
 * and parameters give the same trajectory on the same JDK; the numpy reference matches it statistically only.
 *
 * <p>Not thread-safe: owned by the tick thread. {@link #step} allocates nothing.
 */
final class OscillatorNetwork {
    static final double TWO_PI = 2 * Math.PI;

    private final int n;
    private final int[][] neighbours;
    private final double[] inverseDegree;
    private final double dt;
    private final double sqrtDt;
    private final SplittableRandom random;
    /** The uniform draws u_k behind ω_k, kept so that ω0 and δ can change without a new network. */
    private final double[] uniform;
    private final double[] omega;
    private final double[] theta;
    private final double[] drift;
    private double coupling;
    private double externalCoupling;
    private double noise;

    /**
     * @param neighbours every oscillator's neighbours (the graph); oscillator 0 receives the external term
     * @param dt         the step, 1/tickHz
     * @param seed       the RNG's seed
     */
    OscillatorNetwork(int[][] neighbours, double dt, long seed, Parameters parameters) {
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("dt must be positive and finite, was " + dt);
        }
        this.n = neighbours.length;
        this.neighbours = new int[n][];
        this.inverseDegree = new double[n];
        for (int k = 0; k < n; k++) {
            this.neighbours[k] = neighbours[k].clone();
            for (int j : this.neighbours[k]) {
                if (j < 0 || j >= n || j == k) {
                    throw new IllegalArgumentException("oscillator " + k + " has an invalid neighbour " + j);
                }
            }
            inverseDegree[k] = this.neighbours[k].length == 0 ? 0 : 1.0 / this.neighbours[k].length;
        }
        this.dt = dt;
        this.sqrtDt = Math.sqrt(dt);
        this.random = new SplittableRandom(seed);
        this.uniform = new double[n];
        this.omega = new double[n];
        this.theta = new double[n];
        this.drift = new double[n];
        for (int k = 0; k < n; k++) {
            uniform[k] = random.nextDouble();
        }
        for (int k = 0; k < n; k++) {
            theta[k] = TWO_PI * random.nextDouble();
        }
        setParameters(parameters);
    }

    /** The Metatron network of docs/metrics.md §1. */
    static OscillatorNetwork metatron(double dt, long seed, Parameters parameters) {
        return new OscillatorNetwork(MetatronNetwork.create().adjacency(), dt, seed, parameters);
    }

    /** Applies new ω0, δ, K, K_ext and σ at once; the phases and the RNG carry on. */
    void setParameters(Parameters p) {
        for (int k = 0; k < n; k++) {
            omega[k] = p.omega0() + p.spread() * (2 * uniform[k] - 1);
        }
        this.coupling = p.coupling();
        this.externalCoupling = p.externalCoupling();
        this.noise = p.noise();
    }

    /**
     * Advances the network by dt.
     *
     * @param peerPhases the mean-field phases Ψ_p of the peers heard within the staleness limit, in
     *                   {@code peerPhases[0..peerCount)}
     * @param peerCount  how many; 0 switches the external term off
     */
    void step(double[] peerPhases, int peerCount) {
        double[] th = theta;
        for (int k = 0; k < n; k++) {
            double thetaK = th[k];
            int[] nbr = neighbours[k];
            double sum = 0;
            for (int j : nbr) {
                sum += Math.sin(th[j] - thetaK);
            }
            drift[k] = omega[k] + coupling * inverseDegree[k] * sum;
        }
        if (peerCount > 0) {
            double theta0 = th[0];
            double sum = 0;
            for (int p = 0; p < peerCount; p++) {
                sum += Math.sin(peerPhases[p] - theta0);
            }
            drift[0] += externalCoupling * sum / peerCount;
        }
        double diffusion = noise * sqrtDt;
        for (int k = 0; k < n; k++) {
            double next = th[k] + dt * drift[k] + diffusion * random.nextGaussian();
            th[k] = next - TWO_PI * Math.floor(next / TWO_PI);
        }
    }

    int oscillators() {
        return n;
    }

    double dt() {
        return dt;
    }

    /** θ_k now. */
    double phase(int k) {
        return theta[k];
    }

    /** The current phases; the array is the network's own, to be read (not kept) by the tick thread. */
    double[] phasesView() {
        return theta;
    }

    /** Each oscillator's neighbours (copies). */
    int[][] neighbours() {
        int[][] copy = new int[n][];
        for (int k = 0; k < n; k++) {
            copy[k] = neighbours[k].clone();
        }
        return copy;
    }

    /** ω_k (a copy). */
    double[] frequencies() {
        return omega.clone();
    }

    /** arg z of the current phases, z = (1/n)·Σ_k e^{iθ_k}; 0 when |z| is numerically 0. */
    double meanPhase() {
        double re = 0;
        double im = 0;
        for (int k = 0; k < n; k++) {
            re += Math.cos(theta[k]);
            im += Math.sin(theta[k]);
        }
        return Math.hypot(re, im) / n <= 1e-15 ? 0.0 : Math.atan2(im, re);
    }

    /**
     * The dynamics' parameters that may change while the network runs.
     *
     * @param omega0           ω0, the mean natural frequency (rad/s)
     * @param spread           δ, the natural frequencies' half-width (rad/s)
     * @param coupling         K
     * @param externalCoupling K_ext, the pull of the peers' mean phases on oscillator 0
     * @param noise            σ
     */
    record Parameters(double omega0, double spread, double coupling, double externalCoupling, double noise) {
    }
}
