package org.aegis.api.events;

import java.time.Instant;
import java.util.Objects;

/**
 * One event as it leaves the node. Delivery is at least once: a receiver can get an event again (after a failed
 * delivery whose acknowledgement was lost, or after the node restarted mid-delivery), always with the same
 * {@link #id}, so it de-duplicates by id; events reach every sink in {@link #sequence} order.
 *
 * @param id       unique across nodes and stable across retries: {@code <peer id>/<sequence>}
 * @param sequence this node's outbox sequence number, from 1, increasing by one per event
 * @param type     the node event's topic, e.g. {@code aegis/consensus/decided}, {@code aegis/alert/peer-lost},
 *                 {@code aegis/federated/round}
 * @param time     when the node recorded the event
 * @param json     the whole event as one JSON object: {@code {"id", "sequence", "type", "time", "node", "data"}},
 *                 {@code data} being the event's own fields; what a webhook posts and a stream entry carries
 */
public record OutboundEvent(String id, long sequence, String type, Instant time, String json) {
    public OutboundEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(json, "json");
        if (sequence < 1) {
            throw new IllegalArgumentException("an outbox sequence starts at 1, not " + sequence);
        }
    }
}
