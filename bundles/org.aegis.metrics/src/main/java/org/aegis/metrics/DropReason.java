package org.aegis.metrics;

import java.util.Locale;

/** Why a metrics message from a peer was dropped (docs/metrics.md §4). Counted, never thrown. */
enum DropReason {
    /** Larger than {@link MetricsMessageCodec#MAX_MESSAGE_BYTES}: not even parsed. */
    TOO_LARGE,
    /** Not a JSON object (garbage bytes, truncated JSON, trailing data, duplicate keys). */
    MALFORMED,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type (e.g. a string where a number belongs). */
    WRONG_TYPE,
    /** A number is NaN or infinite. */
    NON_FINITE,
    /** A metric outside its range (e.g. a negative Φ or a coherence above 1). */
    OUT_OF_RANGE,
    /** The timestamp is more than 30 s away from our clock. */
    STALE_TIMESTAMP,
    /** {@code node_id} is not the message's verified author. */
    SENDER_MISMATCH,
    /** Our own message, echoed back. */
    OWN_MESSAGE,
    /** Older than the report we hold for that peer. */
    OUT_OF_ORDER,
    /** A new peer while the table of peers is full. */
    TOO_MANY_PEERS,
    /** A bug of ours while handling it (logged). */
    INTERNAL_ERROR;

    /** The reason as shown in health details, e.g. {@code stale_timestamp}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
