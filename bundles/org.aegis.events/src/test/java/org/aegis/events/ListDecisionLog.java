package org.aegis.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionLog;
import org.aegis.api.consensus.Proposal;

/** A decision log the test appends to. */
final class ListDecisionLog implements DecisionLog {
    private final List<Decision> decisions = new ArrayList<>();

    synchronized void decide(String id, String payload) {
        long sequence = decisions.size() + 1;
        decisions.add(new Decision(sequence, 0, new Proposal(id, "note", payload.getBytes(StandardCharsets.UTF_8),
                "tester"), Instant.parse("2026-12-07T10:00:00Z").plusSeconds(sequence)));
    }

    @Override
    public synchronized List<Decision> decisions(long fromSequence, int limit) {
        int from = (int) Math.max(0, fromSequence - 1);
        return from >= decisions.size() ? List.of()
                : List.copyOf(decisions.subList(from, Math.min(decisions.size(), from + limit)));
    }

    @Override
    public synchronized long lastCommitted() {
        return decisions.size();
    }

    @Override
    public synchronized Optional<Decision> decision(long sequence) {
        return sequence < 1 || sequence > decisions.size() ? Optional.empty()
                : Optional.of(decisions.get((int) sequence - 1));
    }
}
