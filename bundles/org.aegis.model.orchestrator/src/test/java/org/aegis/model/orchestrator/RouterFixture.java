package org.aegis.model.orchestrator;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.aegis.api.model.ModelException;
import org.aegis.api.node.HealthIndicator;
import org.aegis.api.router.ProviderStatus;
import org.aegis.testing.Configs;
import org.aegis.testing.MutableClock;
import org.osgi.framework.Constants;

/** A router component as DS would run it, with a hand-moved clock for the breakers and a visible health list. */
final class RouterFixture implements AutoCloseable {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final List<HealthIndicator> health = new CopyOnWriteArrayList<>();
    final ModelRouterComponent router;
    private final AtomicLong serviceIds = new AtomicLong();

    RouterFixture(Map<String, Object> config) {
        router = new ModelRouterComponent(settings(config), clock, System::nanoTime, indicator -> {
            health.add(indicator);
            return () -> health.remove(indicator);
        });
    }

    RouterFixture() {
        this(Map.of());
    }

    static RouterSettings settings(Map<String, Object> config) {
        return RouterSettings.from(Configs.of(OrchestratorConfig.class, config));
    }

    FakeProvider add(FakeProvider provider) {
        return add(provider, 0, false);
    }

    FakeProvider add(FakeProvider provider, int ranking, boolean local) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(Constants.SERVICE_ID, serviceIds.incrementAndGet());
        properties.put(Constants.SERVICE_RANKING, ranking);
        properties.put(ModelRouterComponent.LOCAL_PROPERTY, local);
        router.addProvider(provider, properties);
        return provider;
    }

    void remove(FakeProvider provider) {
        router.removeProvider(provider);
    }

    ProviderStatus status(String providerId) {
        return router.providers().stream().filter(p -> p.id().equals(providerId)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        router.deactivate();
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** The ModelException a stage failed with; fails the test if it succeeded. */
    static ModelException failure(CompletionStage<?> stage) throws Exception {
        try {
            Object value = stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + value);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ModelException m) {
                return m;
            }
            throw new AssertionError("expected a ModelException", e.getCause());
        }
    }
}
