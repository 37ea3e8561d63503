package org.aegis.model.orchestrator;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the model router (PID {@code org.aegis.model.orchestrator}); checked by {@link RouterSettings}. */
@ObjectClassDefinition(id = OrchestratorConfig.PID, name = "AEGIS model orchestrator",
        description = "Routes chat and embedding requests across the installed model providers.")
public @interface OrchestratorConfig {
    String PID = "org.aegis.model.orchestrator";

    @AttributeDefinition(name = "Default model",
            description = "The model for requests that name 'default' or no model. Empty: the first chat model of a"
                    + " provider registered with the service property aegis.model.local=true.", required = false)
    String defaultModel() default "";

    @AttributeDefinition(name = "Fallback chain",
            description = "Where a model's requests go when all its providers fail, one chain per entry:"
                    + " 'gpt-4o-mini -> aegis-local-char' or 'a -> b -> c'. A model has one next model; no cycles.",
            required = false)
    String[] fallback() default {};

    @AttributeDefinition(name = "Per-model limits",
            description = "Overrides of the limits below for one model, one entry per model:"
                    + " 'gpt-4o-mini: maxConcurrent=4, maxTokens=2048, timeoutMs=20000'.", required = false)
    String[] modelLimits() default {};

    @AttributeDefinition(name = "Concurrent requests per model",
            description = "Requests to one model in flight at once; beyond it LIMIT_EXCEEDED. At least 1.")
    int maxConcurrent() default 16;

    @AttributeDefinition(name = "Max tokens per request",
            description = "The most completion tokens a request may ask for; requests without max_tokens get this."
                    + " At least 1.")
    int maxTokens() default 4096;

    @AttributeDefinition(name = "Attempt timeout (ms)",
            description = "How long one provider may take for a complete answer (a stream: for its first fragment)"
                    + " before the router fails over. At least 1.")
    long timeoutMs() default 60_000;

    @AttributeDefinition(name = "Request deadline (ms)",
            description = "How long a request may take in all, fail-overs included; then TIMEOUT. At least 1.")
    long deadlineMs() default 120_000;

    @AttributeDefinition(name = "Stream idle timeout (ms)",
            description = "Longest silence between two fragments of a stream; then TIMEOUT. At least 1.")
    long streamIdleTimeoutMs() default 30_000;

    @AttributeDefinition(name = "Breaker: consecutive failures",
            description = "Failures in a row that open a provider's circuit. At least 1.")
    int breakerConsecutiveFailures() default 5;

    @AttributeDefinition(name = "Breaker: failure rate",
            description = "Share of failures among the last 'breaker window' requests that opens the circuit;"
                    + " greater than 0, at most 1.")
    double breakerFailureRate() default 0.5;

    @AttributeDefinition(name = "Breaker: window",
            description = "Requests the failure rate is measured over; it counts once the window is full."
                    + " At least 1.")
    int breakerWindow() default 20;

    @AttributeDefinition(name = "Breaker: cool-down (ms)",
            description = "How long an open circuit skips its provider before one trial request. At least 1.")
    long breakerCooldownMs() default 30_000;

    @AttributeDefinition(name = "Wait for a returning provider (ms)",
            description = "When the last provider of a model goes away (its bundle is updated or restarted), how long"
                    + " requests for that model wait for a provider of it to come back before they fail as for a"
                    + " model no one serves. Models never served fail at once. 0: no waiting.")
    long providerWaitMs() default 10_000;

    @AttributeDefinition(name = "Model list refresh (ms)",
            description = "How often each provider's model list is read again. At least 1000.")
    long modelRefreshMs() default 30_000;
}
