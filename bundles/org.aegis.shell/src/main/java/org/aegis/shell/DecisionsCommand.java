package org.aegis.shell;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionLog;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** Reads the node's {@link DecisionLog}, so it answers while no consensus engine is installed. */
@Command(scope = "aegis", name = "decisions", description = "Lists committed decisions in sequence order.")
@Service
public class DecisionsCommand implements Action {
    private static final int PAYLOAD_COLUMN = 60;

    @Option(name = "--from", aliases = "-f", description = "first sequence number; default: the last --limit decisions")
    long from;

    @Option(name = "--limit", aliases = "-n", description = "how many decisions")
    int limit = 20;

    @Reference(optional = true)
    DecisionLog decisionLog;

    @Override
    public Object execute() {
        DecisionLog log = Services.require(this.decisionLog, "decision log", "aegis-core");
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1");
        }
        long first = from > 0 ? from : Math.max(1, log.lastCommitted() - limit + 1);
        List<Decision> decisions = log.decisions(first, limit);
        if (decisions.isEmpty()) {
            System.out.println("No decisions from sequence " + first + " on (last committed: " + log.lastCommitted() + ").");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Seq").alignRight();
        table.column("View").alignRight();
        table.column("Kind");
        table.column("Proposal");
        table.column("Proposer");
        table.column("Decided at");
        table.column("Payload").maxSize(PAYLOAD_COLUMN);
        for (Decision d : decisions) {
            table.addRow().addContent(d.sequence(), d.view(), d.proposal().kind(), d.proposal().id(),
                    d.proposal().proposer(), d.decidedAt(), new String(d.proposal().payload(), StandardCharsets.UTF_8));
        }
        table.print(System.out);
        return null;
    }
}
