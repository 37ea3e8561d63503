package org.aegis.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.aegis.api.consensus.DecisionLog;
import org.aegis.api.events.EventSink;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthIndicator;
import org.aegis.api.node.HealthState;
import org.aegis.api.node.NodeEvent;
import org.aegis.api.node.NodeEventListener;
import org.aegis.api.store.Store;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires events out: records the node's exported events in the {@link Outbox} on its one thread,
 * {@value #RECORDER}, from the event bus (alerts, federated-learning progress) and from the decision log
 * ({@link DecisionExporter}), and runs a {@link SinkDelivery} for every {@link EventSink} service. Deactivation
 * records what the bus already handed over before it stops, so a node stopped normally loses no event.
 */
@Component(service = {NodeEventListener.class, HealthIndicator.class}, configurationPid = EventsConfig.PID,
        property = {NodeEventListener.TOPICS + "=" + NodeEvent.ALERT_TOPIC_PREFIX + "*",
                NodeEventListener.TOPICS + "=" + EventsComponent.FEDERATED_TOPICS,
                NodeEventListener.TOPICS + "=" + DecisionExporter.TYPE})
@Designate(ocd = EventsConfig.class)
public final class EventsComponent implements NodeEventListener, HealthIndicator {
    static final String RECORDER = "aegis-events-outbox";
    static final String FEDERATED_TOPICS = "aegis/federated/*";
    private static final Pattern SINK_NAME = Pattern.compile(EventSink.NAME_PATTERN);
    /**
     * The decision log is also read on this period, in case the bus dropped a decided event; and the outbox
     * pruned, which otherwise happens as sinks move on.
     */
    private static final long PERIOD_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(EventsComponent.class);

    private final Outbox outbox;
    private final DecisionExporter decisions;
    private final EventsConfig config;
    private final ScheduledExecutorService recorder;
    private final Map<String, SinkDelivery> deliveries = new ConcurrentHashMap<>();
    private final AtomicLong lost = new AtomicLong();
    private volatile boolean active = true;

    @Activate
    public EventsComponent(@Reference Store store, @Reference DecisionLog log, @Reference NodeIdentity identity,
            EventsConfig config) {
        this.config = config;
        this.outbox = new Outbox(store, identity.peerId());
        this.decisions = new DecisionExporter(outbox, log);
        this.recorder = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, RECORDER));
        recorder.scheduleWithFixedDelay(() -> {
            quietly("export decisions", this::exportDecisions);
            quietly("prune the outbox", this::prune);
        }, 0, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        active = false;
        for (SinkDelivery delivery : deliveries.values()) {
            delivery.stop();
        }
        deliveries.clear();
        // records what is queued already; the periodic export is not run again
        recorder.shutdown();
        if (!recorder.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("The {} thread did not finish recording within 10 s", RECORDER);
            recorder.shutdownNow();
        }
    }

    @Override
    public void onEvent(NodeEvent event) {
        if (event.topic().equals(DecisionExporter.TYPE)) {
            recorder.execute(() -> quietly("export decisions", this::exportDecisions));
        } else {
            recorder.execute(() -> quietly("record " + event.topic(), () -> record(event)));
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void bindSink(EventSink sink, Map<String, Object> properties) {
        Object name = properties.get(EventSink.NAME);
        if (!(name instanceof String text) || !SINK_NAME.matcher(text).matches()) {
            LOG.error("An event sink ({}) is not used: its service property {} must be a name of 1 to 64 letters,"
                    + " digits, '.', '_' or '-', not {}", sink.getClass().getName(), EventSink.NAME, name);
            return;
        }
        TypeFilter types;
        try {
            types = TypeFilter.of(properties.get(EventSink.TYPES));
        } catch (IllegalArgumentException e) {
            LOG.error("Event sink '{}' is not used: {} {}", text, EventSink.TYPES, e.getMessage());
            return;
        }
        SinkDelivery delivery = new SinkDelivery(text, sink, types, outbox, config.batchSize(), this::prune,
                SinkDelivery.FIRST_BACKOFF);
        synchronized (deliveries) {
            if (!active) {
                return;
            }
            if (deliveries.putIfAbsent(text, delivery) != null) {
                LOG.error("Event sink '{}' ({}) is not used: another sink has that name", text, sink.getClass().getName());
                return;
            }
        }
        delivery.start();
    }

    void unbindSink(EventSink sink, Map<String, Object> properties) throws InterruptedException {
        SinkDelivery delivery = deliveries.get(String.valueOf(properties.get(EventSink.NAME)));
        if (delivery != null && delivery.sink() == sink) {
            deliveries.remove(delivery.name());
            delivery.stop();
        }
    }

    @Override
    public String component() {
        return "events";
    }

    @Override
    public ComponentHealth health() {
        List<SinkDelivery.Status> sinks = deliveries.values().stream().map(SinkDelivery::status)
                .sorted((a, b) -> a.name().compareTo(b.name())).toList();
        String detail = outbox.lastSequence() + " events recorded; "
                + (sinks.isEmpty() ? "no sinks" : sinks.stream().map(EventsComponent::describe)
                        .collect(Collectors.joining("; ")))
                + (lost.get() == 0 ? "" : "; " + lost.get() + " events deleted before every sink had them");
        // A receiver that is away is its owner's problem, not the node's: the node keeps its events and stays up.
        // Events deleted before a sink had them are lost for good, which an operator must see.
        return new ComponentHealth(component(), lost.get() > 0 ? HealthState.DEGRADED : HealthState.UP, detail);
    }

    private static String describe(SinkDelivery.Status sink) {
        return sink.name() + " at " + sink.position() + " (" + sink.behind() + " behind, " + sink.delivered()
                + " delivered" + (sink.lastError() == null ? "" : ", failing: " + sink.lastError()) + ")";
    }

    private void record(NodeEvent event) {
        outbox.append(List.of(new Outbox.Pending(event.topic(), event.time(), event.data())), List.of());
        wakeSinks();
    }

    private void exportDecisions() {
        if (decisions.exportNew() > 0) {
            wakeSinks();
        }
    }

    private void wakeSinks() {
        deliveries.values().forEach(SinkDelivery::wake);
    }

    /** Called by the sinks' threads after they moved on, and periodically. */
    private void prune() {
        long deleted = outbox.prune(config.maxEvents());
        if (deleted > 0) {
            lost.addAndGet(deleted);
            LOG.warn("The outbox deleted {} events some sink had not received: it holds at most {} (maxEvents)",
                    deleted, config.maxEvents());
        }
    }

    /** A failed task is logged: a scheduled task that throws would never run again. */
    private static void quietly(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("Could not {}: {}", what, e.toString(), e);
        }
    }
}
