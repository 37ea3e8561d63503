package org.aegis.store;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.aegis.api.store.StoreEntry;
import org.aegis.api.store.StoreMap;

/**
 * How long the audit log keeps entries: those older than {@code maxAge}, and the oldest beyond {@code maxEntries},
 * are removed from its head. Sequence numbers are never reused, so a reader sees where the kept log begins.
 */
record AuditRetention(Duration maxAge, long maxEntries) {
    /** Most entries one pruning pass removes, so that an append after a long pause stays quick. */
    static final int MAX_REMOVED_PER_PASS = 512;

    AuditRetention {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("auditRetention must be positive, was " + maxAge);
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("auditMaxEntries must be at least 1, was " + maxEntries);
        }
    }

    static AuditRetention of(String maxAge, long maxEntries) {
        try {
            return new AuditRetention(Duration.parse(maxAge.trim()), maxEntries);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("auditRetention must be an ISO-8601 duration such as P90D, was '"
                    + maxAge + "'", e);
        }
    }

    /** The keys at the head of {@code log} that are due for removal at {@code now}, oldest first. */
    List<String> expired(StoreMap log, AuditCodec codec, Instant now) {
        long surplus = Math.max(0, log.size() - maxEntries);
        Instant oldestKept = now.minus(maxAge);
        List<String> due = new ArrayList<>();
        for (StoreEntry entry : log.range(null, null, MAX_REMOVED_PER_PASS)) {
            boolean tooMany = due.size() < surplus;
            if (!tooMany && !codec.decode(entry.key(), entry.value()).time().isBefore(oldestKept)) {
                break;
            }
            due.add(entry.key());
        }
        return due;
    }
}
