package org.aegis.api.metrics;

/**
 * The network's metrics as one node sees them (docs/metrics.md §4).
 *
 * @param networkCoherence    |mean e^{iΨ}| over the nodes heard from
 * @param collectiveAwareness mean C over those nodes
 * @param systemHealth        live validators / configured validators
 */
public record GlobalState(double networkCoherence, double collectiveAwareness, double systemHealth) {
}
