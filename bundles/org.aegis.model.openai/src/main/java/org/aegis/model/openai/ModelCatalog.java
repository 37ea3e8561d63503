package org.aegis.model.openai;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.aegis.api.model.ModelInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models a provider serves: the configured ones, or, when none are configured, those the server lists at
 * GET {base}/models, asked at start and every discovery interval. A failed discovery keeps the last list and is logged
 * when its cause changes.
 */
final class ModelCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

    private final ProviderSettings settings;
    private final OpenAiClient client;
    private final AtomicBoolean discovering = new AtomicBoolean();
    private volatile List<ModelInfo> models;
    private volatile boolean discovered;
    private volatile boolean stopped;
    /** The last discovery's failure, to log each new cause once. */
    private volatile String lastFailure;

    ModelCatalog(ProviderSettings settings, OpenAiClient client) {
        this.settings = settings;
        this.client = client;
        this.models = settings.discovers() ? List.of() : infos(settings.models());
    }

    /** Schedules discovery on the timer, when the models are not configured. */
    void start(ScheduledExecutorService timer) {
        if (!settings.discovers()) {
            return;
        }
        long interval = settings.discoveryInterval().toMillis();
        if (interval == 0) {
            timer.execute(this::discover);
        } else {
            timer.scheduleWithFixedDelay(this::discover, 0, interval, TimeUnit.MILLISECONDS);
        }
    }

    List<ModelInfo> models() {
        return models;
    }

    /**
     * Whether a request for this model may go to the server: the configured list is authoritative; a discovered one
     * may be stale (a model pulled since), so then the server decides.
     */
    boolean mayServe(String model) {
        return settings.discovers() || settings.models().contains(model);
    }

    /** Stops discovery: the provider is closing, so its failures are no news. */
    void stop() {
        stopped = true;
    }

    /** Asks the server for its models, unless an earlier ask is still in flight. */
    void discover() {
        if (stopped || !discovering.compareAndSet(false, true)) {
            return;
        }
        client.get("/models", Wire.ModelList.class).whenComplete((list, failure) -> {
            discovering.set(false);
            if (failure != null) {
                failed(failure.getMessage());
            } else if (list.data() == null || list.data().stream().anyMatch(
                    entry -> entry == null || entry.id() == null || entry.id().isBlank())) {
                failed(settings.id() + ": malformed response to GET /models: a 'data' list of models with ids is"
                        + " required");
            } else {
                Set<String> ids = new LinkedHashSet<>();
                list.data().forEach(entry -> ids.add(entry.id()));
                update(List.copyOf(ids));
            }
        });
    }

    private void update(List<String> ids) {
        List<ModelInfo> next = infos(ids);
        boolean changed = !discovered || !next.equals(models);
        models = next;
        discovered = true;
        lastFailure = null;
        if (changed) {
            LOG.info("Model provider {} at {} serves {}", settings.id(), settings.baseUri(), ids);
        }
    }

    private void failed(String message) {
        if (!stopped && !Objects.equals(message, lastFailure)) {
            LOG.warn("Model discovery of {} failed, keeping {} models: {}", settings.id(), models.size(), message);
        }
        lastFailure = message;
    }

    private List<ModelInfo> infos(List<String> ids) {
        return ids.stream().map(id -> new ModelInfo(id, settings.id(), settings.capabilities())).toList();
    }
}
