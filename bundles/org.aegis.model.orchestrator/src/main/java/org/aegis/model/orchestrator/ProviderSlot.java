package org.aegis.model.orchestrator;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.model.ModelProvider;
import org.aegis.api.router.ProviderStatus;

/**
 * A bound provider as the router keeps it: what it serves, its circuit breaker, its counters and the hooks that
 * abort its requests in flight when it goes away.
 */
final class ProviderSlot {
    /** Least outstanding first, then the highest service ranking, then the id. */
    static final Comparator<ProviderSlot> BALANCING = Comparator.comparingInt(ProviderSlot::outstanding)
            .thenComparing(Comparator.comparingInt(ProviderSlot::ranking).reversed())
            .thenComparing(ProviderSlot::id);

    private final ModelProvider provider;
    private final CircuitBreaker breaker;
    private final ProviderStats stats = new ProviderStats();
    private final Set<Runnable> onRemoval = ConcurrentHashMap.newKeySet();
    private volatile String id;
    private volatile int ranking;
    private volatile boolean local;
    private volatile List<ModelInfo> models = List.of();
    private volatile boolean removed;

    ProviderSlot(ModelProvider provider, String provisionalId, int ranking, boolean local, CircuitBreaker breaker) {
        this.provider = provider;
        this.id = provisionalId;
        this.ranking = ranking;
        this.local = local;
        this.breaker = breaker;
    }

    ModelProvider provider() {
        return provider;
    }

    String id() {
        return id;
    }

    int ranking() {
        return ranking;
    }

    boolean local() {
        return local;
    }

    List<ModelInfo> models() {
        return models;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    ProviderStats stats() {
        return stats;
    }

    int outstanding() {
        return stats.outstanding();
    }

    boolean removed() {
        return removed;
    }

    void described(String describedId, List<ModelInfo> describedModels) {
        this.id = describedId;
        this.models = List.copyOf(describedModels);
    }

    void properties(int newRanking, boolean newLocal) {
        this.ranking = newRanking;
        this.local = newLocal;
    }

    /** The model's entry, if this provider serves it with the capability. */
    boolean serves(String model, String capability) {
        for (ModelInfo info : models) {
            if (info.id().equals(model) && info.capabilities().contains(capability)) {
                return true;
            }
        }
        return false;
    }

    boolean serves(String model) {
        return models.stream().anyMatch(info -> info.id().equals(model));
    }

    /** Registers what to do to a request in flight if the provider goes away; false if it is already gone. */
    boolean track(Runnable abort) {
        onRemoval.add(abort);
        if (removed) {
            onRemoval.remove(abort);
            return false;
        }
        return true;
    }

    void untrack(Runnable abort) {
        onRemoval.remove(abort);
    }

    /** Marks the provider gone and aborts its requests in flight, which then fail over. */
    void remove() {
        removed = true;
        for (Runnable abort : List.copyOf(onRemoval)) {
            abort.run();
        }
        onRemoval.clear();
    }

    ProviderStatus status() {
        return new ProviderStatus(id, models.stream().map(ModelInfo::id).distinct().toList(), breaker.state(),
                stats.outstanding(), stats.requests(), stats.errors(), stats.meanLatencyMillis(), stats.promptTokens(),
                stats.completionTokens(), stats.lastError());
    }
}
