package org.aegis.transport.memory;

/**
 * Counts of data messages (stream messages and pubsub deliveries; not control frames) on a link.
 * Once nothing is in flight, {@code delivered == sent + duplicated - dropped}.
 *
 * @param sent       messages put on the link (after the sender's interceptor)
 * @param delivered  copies handed to the receiver
 * @param dropped    copies lost: by the drop rate, or in flight on a connection that broke (partition, crash)
 * @param duplicated extra copies the link made
 */
public record LinkStats(long sent, long delivered, long dropped, long duplicated) {
    public static final LinkStats ZERO = new LinkStats(0, 0, 0, 0);

    /** Copies still travelling. */
    public long inFlight() {
        return sent + duplicated - dropped - delivered;
    }

    public LinkStats plus(LinkStats other) {
        return new LinkStats(sent + other.sent, delivered + other.delivered, dropped + other.dropped,
                duplicated + other.duplicated);
    }
}
