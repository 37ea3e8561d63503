package org.aegis.model.orchestrator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.aegis.api.Registration;
import org.aegis.api.model.ChatCompletion;
import org.aegis.api.model.ChatRequest;
import org.aegis.api.model.EmbeddingRequest;
import org.aegis.api.model.Embeddings;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.model.ModelProvider;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthIndicator;
import org.aegis.api.node.HealthState;
import org.aegis.api.router.ModelRouter;
import org.aegis.api.router.ProviderStatus;
import org.aegis.api.telemetry.MetricSource;
import org.aegis.api.telemetry.MetricWriter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link ModelRouter} over every {@link ModelProvider} service. Providers come and go while the node
 * runs: a new one serves at once, a leaving one's requests in flight fail over. Each provider is published to the
 * node's health as {@code model-provider:<id>}; the router itself is {@code model-router}.
 *
 * <p>Provider service properties it reads: {@code service.ranking} (ties in balancing, and which provider is
 * "first") and {@value #LOCAL_PROPERTY} ({@code true} for a model running on this node: the default model comes
 * from the first such provider when none is configured).
 */
@Component(name = OrchestratorConfig.PID, configurationPid = OrchestratorConfig.PID, immediate = true,
        service = {ModelRouter.class, HealthIndicator.class, MetricSource.class})
@Designate(ocd = OrchestratorConfig.class)
public final class ModelRouterComponent implements ModelRouter, HealthIndicator, MetricSource {
    static final String COMPONENT = "model-router";
    static final String LOCAL_PROPERTY = "aegis.model.local";
    /** How long binding waits for a provider to say its id and models before it goes on without them. */
    static final long DESCRIBE_WAIT_MILLIS = 2000;
    static final long SHUTDOWN_WAIT_MILLIS = 5000;
    private static final Logger LOG = LoggerFactory.getLogger(ModelRouterComponent.class);

    private final Clock clock;
    private final HealthPublisher healthPublisher;
    private final ProviderRegistry registry = new ProviderRegistry();
    private final RouterThreads threads = new RouterThreads();
    private final Bulkheads bulkheads;
    private final Router router;
    private final Successors successors;
    private final Map<ProviderSlot, Registration> healthRegistrations = new ConcurrentHashMap<>();
    private final Set<ProviderSlot> describing = ConcurrentHashMap.newKeySet();
    private final Object lifecycle = new Object();
    private volatile RouterSettings settings;
    /** Why the last configuration was refused; null while the running one is the last one given. */
    private volatile String rejection;
    private ScheduledFuture<?> refresh;
    private boolean stopped;

    @Activate
    public ModelRouterComponent(BundleContext context, OrchestratorConfig config) {
        this(RouterSettings.from(config), Clock.systemUTC(), System::nanoTime, osgiPublisher(context));
    }

    ModelRouterComponent(RouterSettings settings, Clock clock, LongSupplier nanoTime, HealthPublisher healthPublisher) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = clock;
        this.healthPublisher = healthPublisher;
        this.bulkheads = new Bulkheads(model -> this.settings.limits(model).maxConcurrent());
        this.successors = new Successors(threads, nanoTime);
        this.router = new Router(registry, () -> this.settings, bulkheads, threads, nanoTime, successors);
        synchronized (lifecycle) {
            refresh = threads.every(settings.modelRefresh().toMillis(), this::refreshModels);
        }
    }

    /**
     * Applies a new configuration; an invalid one is refused and the router keeps the previous one, reporting
     * DEGRADED until a valid one arrives.
     *
     * @throws IllegalArgumentException naming the offending property (SCR logs it)
     */
    @Modified
    void modified(OrchestratorConfig config) {
        RouterSettings next;
        try {
            next = RouterSettings.from(config);
        } catch (IllegalArgumentException e) {
            rejection = e.getMessage();
            LOG.error("{}; the model router keeps its previous configuration", e.getMessage());
            throw e;
        }
        apply(next);
    }

    void apply(RouterSettings next) {
        RouterSettings previous = settings;
        settings = next;
        rejection = null;
        bulkheads.resize(model -> next.limits(model).maxConcurrent());
        registry.all().forEach(slot -> slot.breaker().update(next.breaker()));
        synchronized (lifecycle) {
            if (!stopped && !next.modelRefresh().equals(previous.modelRefresh())) {
                refresh.cancel(false);
                refresh = threads.every(next.modelRefresh().toMillis(), this::refreshModels);
            }
        }
    }

    /** Fails the requests in flight or waiting for a provider, withdraws the health indicators, stops the threads. */
    @Deactivate
    void deactivate() {
        synchronized (lifecycle) {
            stopped = true;
            refresh.cancel(false);
        }
        successors.stop();
        for (ProviderSlot slot : registry.all()) {
            withdraw(slot, false);
        }
        threads.shutdown(SHUTDOWN_WAIT_MILLIS);
    }

    // ------------------------------------------------------------------------------------------ providers

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addProvider(ModelProvider provider, Map<String, Object> properties) {
        ProviderSlot slot = new ProviderSlot(provider, "service-" + properties.get(Constants.SERVICE_ID),
                ranking(properties), local(properties), new CircuitBreaker(clock, settings.breaker()));
        describeNow(slot);
        registry.add(slot);
        successors.bound();
        healthRegistrations.put(slot, healthPublisher.publish(new ProviderHealth(slot)));
        LOG.info("Model provider {} bound: models {}", slot.id(), slot.models().stream().map(ModelInfo::id).toList());
    }

    void updatedProvider(ModelProvider provider, Map<String, Object> properties) {
        registry.find(provider).ifPresent(slot -> slot.properties(ranking(properties), local(properties)));
    }

    /**
     * Its requests in flight fail over; those for models it alone served wait for a successor (a bundle being
     * updated comes back), recorded before they fail.
     */
    void removeProvider(ModelProvider provider) {
        registry.find(provider).ifPresent(slot -> {
            withdraw(slot, true);
            LOG.info("Model provider {} unbound", slot.id());
        });
    }

    private void withdraw(ProviderSlot slot, boolean departing) {
        if (departing) {
            successors.departed(() -> {
                registry.remove(slot.provider());
                return router.orphaned(slot);
            }, settings.providerWait());
        } else {
            registry.remove(slot.provider());
        }
        Registration health = healthRegistrations.remove(slot);
        if (health != null) {
            health.close();
        }
        slot.remove();
    }

    /** Reads the provider's id and models, waiting a little: a provider that takes longer is bound without them. */
    private void describeNow(ProviderSlot slot) {
        Optional<Future<?>> description = describe(slot);
        if (description.isEmpty()) {
            return;
        }
        try {
            description.get().get(DESCRIBE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            slot.stats().problem("did not give its id and models within " + DESCRIBE_WAIT_MILLIS + " ms");
            LOG.warn("Model provider {} did not give its id and models within {} ms; they are read in the background",
                    slot.id(), DESCRIBE_WAIT_MILLIS);
        } catch (ExecutionException e) {
            LOG.warn("Could not read model provider {}", slot.id(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void refreshModels() {
        registry.all().forEach(this::describe);
    }

    /** Reads id and models on a caller thread, one reading per provider at a time. */
    private Optional<Future<?>> describe(ProviderSlot slot) {
        if (!describing.add(slot)) {
            return Optional.empty();
        }
        try {
            return Optional.of(threads.call(() -> {
                try {
                    ProviderDescription.read(slot);
                } finally {
                    describing.remove(slot);
                }
            }));
        } catch (RejectedExecutionException e) {
            describing.remove(slot);
            return Optional.empty();
        }
    }

    private static int ranking(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_RANKING) instanceof Integer ranking ? ranking : 0;
    }

    private static boolean local(Map<String, Object> properties) {
        Object value = properties.get(LOCAL_PROPERTY);
        return Boolean.TRUE.equals(value) || "true".equalsIgnoreCase(String.valueOf(value));
    }

    private static HealthPublisher osgiPublisher(BundleContext context) {
        return indicator -> {
            ServiceRegistration<HealthIndicator> registration = context.registerService(HealthIndicator.class,
                    indicator, null);
            return () -> {
                try {
                    registration.unregister();
                } catch (IllegalStateException e) {
                    // the bundle is stopping and the framework has already withdrawn it
                }
            };
        };
    }

    // ------------------------------------------------------------------------------------------ ModelRouter

    @Override
    public List<ModelInfo> models() {
        return registry.models();
    }

    @Override
    public CompletionStage<ChatCompletion> chat(ChatRequest request) {
        return router.chat(request);
    }

    @Override
    public Flow.Publisher<String> chatStream(ChatRequest request) {
        return router.chatStream(request);
    }

    @Override
    public CompletionStage<Embeddings> embed(EmbeddingRequest request) {
        return router.embed(request);
    }

    @Override
    public List<ProviderStatus> providers() {
        return registry.all().stream().map(ProviderSlot::status).toList();
    }

    // ------------------------------------------------------------------------------------------ MetricSource

    /** Each bound provider's answer times by model; a provider's series leave with it. */
    @Override
    public void collect(MetricWriter out) {
        for (ProviderSlot slot : registry.all()) {
            slot.stats().latencyByModel().forEach((model, latency) -> out.histogram(
                    "aegis_model_request_duration_seconds", "Time a provider took to answer a request it answered,"
                            + " by model and provider: one attempt (a failover's attempts each count for their own"
                            + " provider), a stream until its last fragment", Map.of("model", model, "provider",
                            slot.id()), latency.snapshot()));
        }
    }

    // ------------------------------------------------------------------------------------------ HealthIndicator

    @Override
    public String component() {
        return COMPONENT;
    }

    @Override
    public ComponentHealth health() {
        List<ProviderSlot> slots = registry.all();
        if (slots.isEmpty()) {
            return new ComponentHealth(COMPONENT, HealthState.DOWN, "no model provider installed");
        }
        String refused = rejection;
        if (refused != null) {
            return new ComponentHealth(COMPONENT, HealthState.DEGRADED, "running with the previous configuration: "
                    + refused);
        }
        List<String> open = new ArrayList<>();
        for (ProviderSlot slot : slots) {
            if (slot.breaker().state() != ProviderStatus.Circuit.CLOSED) {
                open.add(slot.id());
            }
        }
        String detail = slots.size() + " providers, " + registry.models().size() + " models";
        return open.size() == slots.size()
                ? new ComponentHealth(COMPONENT, HealthState.DOWN, detail + ", every circuit open: " + open)
                : new ComponentHealth(COMPONENT, HealthState.UP, detail + (open.isEmpty() ? "" : ", not closed: " + open));
    }
}
