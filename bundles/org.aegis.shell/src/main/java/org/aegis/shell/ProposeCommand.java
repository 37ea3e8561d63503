package org.aegis.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.UUID;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.DecisionRules;
import org.aegis.api.consensus.Proposal;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

@Command(scope = "aegis", name = "propose", description = "Submits a proposal to the network and waits for its decision.",
        detailedDescription = "Examples:\n"
                + "  aegis:propose config '{\"pid\":\"org.aegis.metrics\",\"properties\":{\"tickHz\":10}}'\n"
                + "  aegis:propose model-version '{\"model\":\"aegis-local-char\",\"version\":\"2\"}'\n"
                + "  aegis:propose note '\"any JSON value\"'")
@Service
public class ProposeCommand implements Action {

    @Argument(index = 0, name = "kind", required = true, description = "config, model-version, validators or any other kind")
    String kind;

    @Argument(index = 1, name = "payload", required = true, description = "the content, as JSON")
    String payload;

    @Option(name = "--id", description = "the proposal's id (a retry with the same id is the same proposal)")
    String id;

    @Option(name = "--wait", aliases = "-w", description = "seconds to wait for the decision")
    int waitSeconds = 10;

    @Reference(optional = true)
    ConsensusEngine engine;

    /** Every component's rules: the node's state machine, and plugins for the kinds they apply (federated runs). */
    @Reference(optional = true)
    List<DecisionRules> rules;

    @Reference
    Session session;

    @Override
    public Object execute() throws InterruptedException {
        ConsensusEngine engine = Services.require(this.engine, "consensus engine", "aegis-consensus");
        byte[] content;
        try {
            ObjectMapper json = new ObjectMapper();
            content = json.writeValueAsBytes(json.readTree(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The payload is not JSON: " + e.getOriginalMessage(), e);
        }
        String proposalId = id == null ? UUID.randomUUID().toString() : id;
        Proposals.decide(engine, rules, new Proposal(proposalId, kind, content, ShellUser.of(session)), waitSeconds);
        return null;
    }
}
