package org.aegis.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionLog;
import org.aegis.api.consensus.Proposal;

/**
 * Copies committed decisions from the node's decision log into the outbox, each once: the mark of the last
 * exported sequence is written with the events. Decisions are read from the log rather than taken from the bus,
 * so none is missed while the bus is busy or this bundle is down; a node that had decisions before this bundle
 * first ran exports from then on, not its history.
 */
final class DecisionExporter {
    static final String TYPE = "aegis/consensus/decided";
    static final String MARK = "decisions";
    private static final int PAGE = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Outbox outbox;
    private final DecisionLog log;

    DecisionExporter(Outbox outbox, DecisionLog log) {
        this.outbox = outbox;
        this.log = log;
        if (outbox.mark(MARK).isEmpty()) {
            outbox.append(List.of(), List.of(new Outbox.Mark(MARK, log.lastCommitted())));
        }
    }

    /** Exports what the log committed since the last export; returns how many decisions. */
    int exportNew() {
        int exported = 0;
        while (true) {
            long from = outbox.mark(MARK).orElseThrow() + 1;
            List<Decision> page = log.decisions(from, PAGE);
            if (page.isEmpty()) {
                return exported;
            }
            List<Outbox.Pending> events = new ArrayList<>(page.size());
            for (Decision decision : page) {
                events.add(new Outbox.Pending(TYPE, decision.decidedAt(), fields(decision)));
            }
            outbox.append(events, List.of(new Outbox.Mark(MARK, page.get(page.size() - 1).sequence())));
            exported += page.size();
        }
    }

    /** As {@code GET /api/v1/decisions} shows a decision: the payload as JSON when it is JSON, else base64. */
    static Map<String, Object> fields(Decision decision) {
        Proposal proposal = decision.proposal();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sequence", decision.sequence());
        fields.put("view", decision.view());
        fields.put("proposal_id", proposal.id());
        fields.put("kind", proposal.kind());
        fields.put("proposer", proposal.proposer());
        try {
            fields.put("payload", JSON.readTree(proposal.payload()));
        } catch (IOException notJson) {
            fields.put("payload_base64", Base64.getEncoder().encodeToString(proposal.payload()));
        }
        fields.put("decided_at", decision.decidedAt().toString());
        return fields;
    }
}
