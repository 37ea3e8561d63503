package org.aegis.monitoring;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aegis.api.router.ModelRouter;
import org.aegis.api.router.ProviderStatus;
import org.aegis.api.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** Each model provider as the router counts it, while the router runs: requests, errors, tokens and its circuit. */
@Component(service = {})
public final class ModelRouterCollector {
    private final ModelRouter router;
    private final Registration registration;

    @Activate
    public ModelRouterCollector(@Reference MonitoringRegistry registry, @Reference ModelRouter router) {
        this.router = router;
        this.registration = registry.register(this::collect);
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }

    MetricSnapshots collect() {
        List<ProviderStatus> providers = router.providers();
        Map<Labels, Double> requests = new LinkedHashMap<>();
        Map<Labels, Double> errors = new LinkedHashMap<>();
        Map<Labels, Double> tokens = new LinkedHashMap<>();
        Map<Labels, Double> outstanding = new LinkedHashMap<>();
        Map<Labels, Double> latency = new LinkedHashMap<>();
        Map<Labels, Double> circuits = new LinkedHashMap<>();
        for (ProviderStatus p : providers) {
            Labels provider = Labels.of("provider", p.id());
            requests.put(provider, (double) p.requests());
            errors.put(provider, (double) p.errors());
            tokens.put(Labels.of("provider", p.id(), "kind", "prompt"), (double) p.promptTokens());
            tokens.put(Labels.of("provider", p.id(), "kind", "completion"), (double) p.completionTokens());
            outstanding.put(provider, (double) p.outstanding());
            latency.put(provider, p.meanLatencyMillis() / 1000.0);
            for (ProviderStatus.Circuit circuit : ProviderStatus.Circuit.values()) {
                circuits.put(Labels.of("provider", p.id(), "state", circuit.name().toLowerCase()),
                        circuit == p.circuit() ? 1.0 : 0.0);
            }
        }
        return new Families()
                .gauge("aegis_model_providers", "Model providers bound to the router", providers.size())
                .counter("aegis_model_requests", "Requests each provider answered or failed", requests)
                .counter("aegis_model_errors", "Requests each provider failed", errors)
                .counter("aegis_model_tokens", "Tokens each provider read (prompt) and wrote (completion)", tokens)
                .gauge("aegis_model_outstanding_requests", "Requests each provider is answering now", outstanding)
                .gauge("aegis_model_mean_latency_seconds", "Each provider's mean answer time", latency)
                .gauge("aegis_model_circuit_state", "1 for the state each provider's circuit breaker is in",
                        circuits)
                .build();
    }
}
