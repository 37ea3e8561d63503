package org.aegis.api.learning;

/**
 * The privacy a version gives each participant's data: (ε, δ)-differential privacy at the level of a whole
 * participant, from every round that led to the version (each clipped its update to {@code dpClipNorm} and added
 * Gaussian noise of standard deviation σ·{@code dpClipNorm}). Computed by a Rényi-DP accountant of the Gaussian
 * mechanism; the same on every node.
 *
 * @param epsilon              ε for {@code delta}
 * @param delta                δ
 * @param rounds               the noised rounds composed
 * @param inverseNoiseSquares  Σ 1/σ² over those rounds, which with δ determines ε (the Gaussian mechanism's
 *                             Rényi divergence of order α is α/(2σ²))
 */
public record PrivacyBudget(double epsilon, double delta, int rounds, double inverseNoiseSquares) {
}
