package org.aegis.rest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aegis.api.audit.AuditRecord;

/**
 * Folds repeated refusals into one audit entry: the first refusal of a kind (same actor, action, outcome and
 * client) is written at once, the repeats within the window are counted and written as one summary when the window
 * ends. A flood of bad requests then costs a handful of durable writes instead of one each, and the log still says
 * who tried what, how often and when.
 */
final class RefusalAudit {
    /** Outcomes that are folded: refusals a client can repeat at no cost to itself. */
    private static final List<String> FOLDED = List.of("401", "403", "413", "429");

    private record Kind(String actor, String action, String outcome, String client) {
        static Kind of(AuditRecord record) {
            return new Kind(record.actor(), record.action(), record.outcome(), record.client());
        }
    }

    /** Guarded by the aggregator's lock. */
    private static final class Burst {
        final AuditRecord first;
        Instant last;
        long repeats;

        Burst(AuditRecord first) {
            this.first = first;
            this.last = first.time();
        }

        AuditRecord summary() {
            return new AuditRecord(last, first.actor(), first.action(), first.outcome(), first.client(),
                    "refused " + repeats + " more times from " + first.time() + " to " + last);
        }
    }

    private final Duration window;
    private final int maxOpen;
    /** Open bursts in the order they began. */
    private final Map<Kind, Burst> open = new LinkedHashMap<>();

    RefusalAudit(Duration window, int maxOpen) {
        this.window = window;
        this.maxOpen = maxOpen;
    }

    static boolean isFolded(String outcome) {
        return FOLDED.contains(outcome);
    }

    /** What to write for this refusal now: itself if it starts a burst, and summaries of bursts it pushes out. */
    synchronized List<AuditRecord> admit(AuditRecord refusal) {
        Kind kind = Kind.of(refusal);
        Burst burst = open.get(kind);
        if (burst != null && refusal.time().isBefore(burst.first.time().plus(window))) {
            burst.repeats++;
            burst.last = refusal.time();
            return List.of();
        }
        List<AuditRecord> write = new ArrayList<>(2);
        if (burst != null) {
            open.remove(kind);
            summaryOf(burst, write);
        }
        write.add(refusal);
        open.put(kind, new Burst(refusal));
        if (open.size() > maxOpen) {
            Iterator<Burst> oldest = open.values().iterator();
            summaryOf(oldest.next(), write);
            oldest.remove();
        }
        return write;
    }

    /** Closes the bursts whose window has ended by {@code now}; returns the summaries to write. */
    synchronized List<AuditRecord> closeEnded(Instant now) {
        List<AuditRecord> write = new ArrayList<>();
        for (Iterator<Burst> bursts = open.values().iterator(); bursts.hasNext(); ) {
            Burst burst = bursts.next();
            if (!now.isBefore(burst.first.time().plus(window))) {
                summaryOf(burst, write);
                bursts.remove();
            }
        }
        return write;
    }

    /** Closes every burst (the component stops); returns the summaries to write. */
    synchronized List<AuditRecord> closeAll() {
        List<AuditRecord> write = new ArrayList<>();
        open.values().forEach(burst -> summaryOf(burst, write));
        open.clear();
        return write;
    }

    private static void summaryOf(Burst burst, List<AuditRecord> write) {
        if (burst.repeats > 0) {
            write.add(burst.summary());
        }
    }
}
