package org.aegis.api.router;

import java.util.List;

/**
 * Live state of one model provider as the router sees it.
 *
 * @param id                  the provider's id
 * @param models              the model ids it serves
 * @param circuit             its circuit breaker's state
 * @param outstanding         requests in flight now
 * @param requests            requests routed to it since start
 * @param errors              of those, how many failed or timed out
 * @param meanLatencyMillis   mean time to a complete answer, 0 before the first
 * @param promptTokens        prompt tokens sent to it since start
 * @param completionTokens    completion tokens received from it since start
 * @param lastError           the last failure's message, {@code null} when none
 */
public record ProviderStatus(String id, List<String> models, Circuit circuit, int outstanding, long requests,
        long errors, double meanLatencyMillis, long promptTokens, long completionTokens, String lastError) {

    public enum Circuit {
        /** Requests flow. */
        CLOSED,
        /** Too many failures: requests skip this provider until the cool-down ends. */
        OPEN,
        /** Cool-down over: one trial request decides whether it closes again. */
        HALF_OPEN
    }
}
