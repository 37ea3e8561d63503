package org.aegis.consensus.pbft;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.aegis.api.telemetry.LatencyHistogram;
import org.aegis.api.telemetry.MetricWriter;
import org.aegis.consensus.pbft.ordering.Slot;

/**
 * A replica's own counters, incremented on its thread and read by scrapes from any other: messages dropped by
 * reason, view changes started, and how long sequence numbers took to commit here.
 */
final class ReplicaInstruments {
    private final Map<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);
    private final Map<DropReason, Map<String, String>> reasonLabels = new EnumMap<>(DropReason.class);
    private final LongAdder viewChanges = new LongAdder();
    private final LatencyHistogram decisionLatency = new LatencyHistogram();

    ReplicaInstruments() {
        for (DropReason reason : DropReason.values()) {
            drops.put(reason, new LongAdder());
            reasonLabels.put(reason, Map.of("reason", reason.name().toLowerCase()));
        }
    }

    void dropped(DropReason reason) {
        drops.get(reason).increment();
    }

    void viewChangeStarted() {
        viewChanges.increment();
    }

    /** {@code slot} has just got its commit certificate at this replica. */
    void committed(Slot slot) {
        decisionLatency.recordSince(slot.firstSeenNanos());
    }

    Map<DropReason, Long> drops() {
        Map<DropReason, Long> out = new EnumMap<>(DropReason.class);
        drops.forEach((reason, adder) -> out.put(reason, adder.sum()));
        return out;
    }

    void writeTo(MetricWriter out) {
        drops.forEach((reason, adder) -> out.counter("aegis_consensus_dropped_messages",
                "PBFT messages this replica dropped, by reason", reasonLabels.get(reason), adder.sum()));
        out.counter("aegis_consensus_view_changes", "View changes this replica started", viewChanges.sum());
        out.histogram("aegis_consensus_decision_latency_seconds", "Time from the first message this replica got for"
                + " a sequence number (usually its pre-prepare) to the sequence's commit certificate here; the wait"
                + " of a request before the primary orders it is not included", decisionLatency.snapshot());
    }
}
