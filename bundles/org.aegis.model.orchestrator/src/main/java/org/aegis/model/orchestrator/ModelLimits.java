package org.aegis.model.orchestrator;

import java.time.Duration;

/**
 * The limits of one model.
 *
 * @param maxConcurrent requests in flight at once (the bulkhead)
 * @param maxTokens     the most completion tokens a request may ask for; also the default
 * @param timeout       how long one provider may take for one attempt
 */
record ModelLimits(int maxConcurrent, int maxTokens, Duration timeout) {
}
