package org.aegis.monitoring;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.node.NodeEvent;
import org.aegis.api.node.NodeService;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.Transport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at the node once a second ({@link AlertDetector}) and publishes what changed as the node's own alerts on
 * its event bus ({@link NodeEvent#ALERT_TOPIC_PREFIX}: {@code /ws} and the dashboard show them), keeping the last
 * {@value #KEPT} for {@code GET /api/v1/alerts}. Its one thread, {@value #THREAD}, stops on deactivation.
 */
@Component(service = AlertWatcher.class)
public final class AlertWatcher {
    static final String THREAD = "aegis-monitoring-alerts";
    static final int KEPT = 200;
    private static final long PERIOD_MILLIS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(AlertWatcher.class);

    private final NodeService node;
    private final AlertDetector detector = new AlertDetector();
    /** Newest last; guarded by itself. */
    private final Deque<Alert> recent = new ArrayDeque<>();
    private final ScheduledExecutorService timer;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile ConsensusEngine consensus;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    volatile Transport transport;

    @Activate
    public AlertWatcher(@Reference NodeService node) {
        this.node = node;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, THREAD));
        timer.scheduleWithFixedDelay(this::lookQuietly, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        timer.shutdownNow();
        if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
            LOG.warn("The {} thread did not stop within 5 s", THREAD);
        }
    }

    /** The alerts kept, oldest first. */
    List<Alert> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** A failed look is logged: a scheduled task that throws would never run again. */
    private void lookQuietly() {
        try {
            look();
        } catch (RuntimeException e) {
            LOG.warn("Could not look at the node for alerts", e);
        }
    }

    private void look() {
        ConsensusEngine engine = consensus;
        Transport net = transport;
        ConsensusState state = engine == null ? null : engine.state();
        Set<String> peers = net == null ? null
                : net.peers().stream().map(PeerInfo::peerId).collect(Collectors.toUnmodifiableSet());
        List<Alert> alerts = detector.next(new AlertDetector.Look(Instant.now(), node.health().components(),
                state == null ? -1 : state.view(), state == null ? "" : state.primary(), peers));
        for (Alert alert : alerts) {
            synchronized (recent) {
                recent.addLast(alert);
                if (recent.size() > KEPT) {
                    recent.removeFirst();
                }
            }
            Map<String, Object> data = new LinkedHashMap<>(alert.details());
            data.put("severity", alert.severity());
            data.put("message", alert.message());
            node.publish(new NodeEvent(NodeEvent.ALERT_TOPIC_PREFIX + alert.kind(), "monitoring", alert.time(), data));
            LOG.info("Alert ({}): {}", alert.severity(), alert.message());
        }
    }
}
