package org.aegis.metrics;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import org.aegis.api.Registration;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.telemetry.MetricWriter;
import org.aegis.api.transport.PubSubMessage;
import org.aegis.api.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of the metrics topic (docs/metrics.md §4): one subscription, on the transport bound last and the
 * configured topic; the peers' messages turned into their latest reports in the {@link PeerTable}, or dropped and
 * counted by {@link DropReason}; the node's own reports published. Thread-safe: transport callbacks arrive on the
 * transport's threads.
 */
final class MetricsGossip {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsGossip.class);

    private final String nodeId;
    private final Clock clock;
    private final PeerTable peers;
    private final MetricsMessageCodec codec;
    private final Supplier<MetricsSettings> settings;
    private final AtomicLongArray drops = new AtomicLongArray(DropReason.values().length);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final Object subscriptionLock = new Object();
    private volatile Subscription subscription;

    /** @param settings the engine's current settings: the topic to subscribe to, the peers' staleness limit */
    MetricsGossip(String nodeId, Clock clock, PeerTable peers, MetricsMessageCodec codec,
            Supplier<MetricsSettings> settings) {
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.peers = Objects.requireNonNull(peers, "peers");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Subscribes on {@code transport}, then drops the subscription on the transport it replaces. */
    void bind(Transport transport) {
        synchronized (subscriptionLock) {
            Subscription old = subscription;
            subscription = subscribe(transport, settings.get().topic());
            close(old);
        }
    }

    /** Drops the subscription if it is {@code transport}'s (a greedy rebind has already replaced it otherwise). */
    void unbind(Transport transport) {
        synchronized (subscriptionLock) {
            Subscription current = subscription;
            if (current != null && current.transport() == transport) {
                subscription = null;
                close(current);
            }
        }
    }

    /** Moves the subscription, if there is one, to {@code topic}. */
    void resubscribe(String topic) {
        synchronized (subscriptionLock) {
            Subscription old = subscription;
            if (old != null) {
                subscription = subscribe(old.transport(), topic);
                close(old);
            }
        }
    }

    /** Drops the subscription for good. */
    void close() {
        synchronized (subscriptionLock) {
            close(subscription);
            subscription = null;
        }
    }

    /** A message from the metrics topic: a valid one becomes its peer's latest report, any other is counted. */
    void onMessage(PubSubMessage message) {
        try {
            MetricsMessageCodec.Decoded decoded = codec.decode(message, nodeId, clock.instant());
            if (!decoded.accepted()) {
                drop(decoded.reason(), message.from(), decoded.detail());
                return;
            }
            switch (peers.put(decoded.report(), clock.millis(), settings.get().staleness().toMillis())) {
                case STORED -> accepted.incrementAndGet();
                case OUT_OF_ORDER -> drop(DropReason.OUT_OF_ORDER, message.from(), "older than the one held");
                case FULL -> drop(DropReason.TOO_MANY_PEERS, message.from(), PeerTable.MAX_PEERS + " peers held");
                default -> throw new IllegalStateException();
            }
        } catch (RuntimeException e) {
            drops.incrementAndGet(DropReason.INTERNAL_ERROR.ordinal());
            LOG.warn("Failed to handle a metrics message", e);
        }
    }

    /**
     * Publishes the node's report on {@code topic}, the topic of the settings it was made with; nothing while there
     * is no subscription to that topic (no transport, or the topic changed meanwhile).
     */
    void publish(MetricsReport report, String topic) {
        Subscription sub = subscription;
        if (sub == null || !topic.equals(sub.topic())) {
            return;
        }
        try {
            sub.transport().publish(topic, codec.encode(report)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    publishFailed(failure);
                }
            });
        } catch (RuntimeException e) {
            publishFailed(e);
        }
    }

    /** Messages dropped so far, by reason (reasons that never happened are left out). */
    Map<DropReason, Long> dropCounts() {
        Map<DropReason, Long> counts = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            long c = drops.get(reason.ordinal());
            if (c > 0) {
                counts.put(reason, c);
            }
        }
        return counts;
    }

    /** Messages dropped so far by reason, every reason included, for {@code /metrics}. */
    void writeDrops(MetricWriter out) {
        for (DropReason reason : DropReason.values()) {
            out.counter("aegis_metrics_dropped_messages", "Metrics messages from peers this node dropped, by reason"
                    + " (docs/metrics.md §4)", Map.of("reason", reason.label()), drops.get(reason.ordinal()));
        }
    }

    long acceptedMessages() {
        return accepted.get();
    }

    private void drop(DropReason reason, String from, String detail) {
        drops.incrementAndGet(reason.ordinal());
        LOG.debug("Dropped a metrics message from {}: {} ({})", from, reason.label(), detail);
    }

    private void publishFailed(Throwable failure) {
        // a transport that keeps failing would flood the log: one line per 100 failures
        if (publishFailures.getAndIncrement() % 100 == 0) {
            LOG.warn("Publishing the metrics message failed ({} failures so far): {}", publishFailures.get(),
                    failure.toString());
        }
    }

    private Subscription subscribe(Transport transport, String topic) {
        Registration registration = null;
        try {
            registration = transport.subscribe(topic, this::onMessage);
        } catch (RuntimeException e) {
            LOG.warn("Cannot subscribe to {} on transport {}: {}", topic, transport, e.toString());
        }
        return new Subscription(transport, topic, registration);
    }

    private static void close(Subscription sub) {
        if (sub != null && sub.registration() != null) {
            try {
                sub.registration().close();
            } catch (RuntimeException e) {
                LOG.warn("Closing the subscription to {} failed: {}", sub.topic(), e.toString());
            }
        }
    }

    /** A subscription to {@code topic} on {@code transport}; {@code registration} is null when subscribing failed. */
    private record Subscription(Transport transport, String topic, Registration registration) {
    }
}
