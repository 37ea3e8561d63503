package org.aegis.metrics;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.node.NodeEvent;
import org.aegis.api.node.NodeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Announces every report on the node's event bus, while a {@link NodeService} is bound. Thread-safe. */
final class ReportEvents {
    /** Topic of the event; its data is the report as the message's map. */
    static final String TOPIC = "aegis/metrics/report";

    private static final Logger LOG = LoggerFactory.getLogger(ReportEvents.class);

    private final MetricsMessageCodec codec;
    private final AtomicReference<NodeService> node = new AtomicReference<>();

    ReportEvents(MetricsMessageCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    void bind(NodeService service) {
        node.set(service);
    }

    /** Forgets {@code service} unless another one has been bound since. */
    void unbind(NodeService service) {
        node.compareAndSet(service, null);
    }

    void announce(MetricsReport report) {
        NodeService current = node.get();
        if (current == null) {
            return;
        }
        try {
            current.publish(new NodeEvent(TOPIC, MetricsEngineComponent.COMPONENT, report.timestamp(),
                    codec.toMap(report)));
        } catch (RuntimeException e) {
            LOG.warn("Publishing the metrics event failed: {}", e.toString());
        }
    }
}
