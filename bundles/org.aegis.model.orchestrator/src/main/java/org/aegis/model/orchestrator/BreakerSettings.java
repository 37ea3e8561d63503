package org.aegis.model.orchestrator;

import java.time.Duration;

/**
 * When a provider's circuit opens and for how long.
 *
 * @param consecutiveFailures failures in a row that open it
 * @param failureRate         share of failures in a full window that opens it, (0, 1]
 * @param window              outcomes the rate is measured over
 * @param cooldown            how long it stays open before a trial request
 */
record BreakerSettings(int consecutiveFailures, double failureRate, int window, Duration cooldown) {
}
