package org.aegis.transport.memory;

import java.time.Instant;

/**
 * What happened to one data message, for traces and assertions.
 *
 * @param at      virtual time of the event
 * @param kind    what happened
 * @param from    sending peer
 * @param to      receiving peer
 * @param channel stream protocol id or pubsub topic
 * @param payload the bytes (shared, do not modify)
 */
public record NetworkEvent(Instant at, Kind kind, String from, String to, String channel, byte[] payload) {
    public enum Kind {
        /** Put on the link. */
        SENT,
        /** Lost: by the drop rate, or in flight on a connection that broke. */
        DROPPED,
        /** An extra copy made by the link (it is sent at the same time as the original). */
        DUPLICATED,
        /** Handed to the receiver. */
        DELIVERED
    }

    @Override
    public String toString() {
        return at + " " + kind + " " + from + "->" + to + " " + channel + " " + payload.length + "B";
    }
}
