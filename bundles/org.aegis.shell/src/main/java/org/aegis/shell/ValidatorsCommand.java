package org.aegis.shell;

import java.util.List;
import java.util.UUID;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.consensus.DecisionRules;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.Validator;
import org.aegis.api.consensus.ValidatorSetChange;
import org.aegis.api.transport.Transport;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

@Command(scope = "aegis", name = "validators", description = "Lists the validators, or adds or removes one by decision.",
        detailedDescription = "A change is a 'validators' decision of the whole network: every replica applies it,"
                + " and it takes effect at the first checkpoint after it. A node that joins must already run with"
                + " the network's genesis validators and be connected to it (bootstrap); it catches up by state"
                + " transfer once it votes. One change at a time: the next one starts from the set in force.\n"
                + "Examples:\n"
                + "  aegis:validators\n"
                + "  aegis:validators add 12D3KooW...\n"
                + "  aegis:validators remove 12D3KooW...")
@Service
public class ValidatorsCommand implements Action {

    @Argument(index = 0, name = "action", description = "add or remove; none lists the validators")
    @Completion(values = {"add", "remove"}, value = StringsCompleter.class)
    String action;

    @Argument(index = 1, name = "peer", description = "the peer id to add or remove")
    @Completion(PeerCompleter.class)
    String peer;

    @Option(name = "--wait", aliases = "-w", description = "seconds to wait for the decision")
    int waitSeconds = 30;

    @Option(name = "--force", description = "add a peer this node is not connected to")
    boolean force;

    @Reference(optional = true)
    ConsensusEngine engine;

    @Reference(optional = true)
    List<DecisionRules> rules;

    @Reference(optional = true)
    Transport transport;

    @Reference
    Session session;

    @Override
    public Object execute() throws InterruptedException {
        ConsensusEngine engine = Services.require(this.engine, "consensus engine", "aegis-consensus");
        ConsensusState state = engine.state();
        if (action == null) {
            for (Validator v : state.validators().validators()) {
                System.out.println(v.peerId() + "  weight " + v.weight()
                        + (v.peerId().equals(state.primary()) ? "  (primary)" : ""));
            }
            System.out.printf("%d validators in weight epoch %d; tolerates any %d faulty%n",
                    state.validators().validators().size(), state.validators().epoch(), state.faultToleranceCount());
            return null;
        }
        if (peer == null) {
            throw new IllegalArgumentException("aegis:validators " + action + " needs a peer id");
        }
        ValidatorSetChange change = switch (action) {
            case "add" -> {
                // A validator that cannot vote counts against the quorum from the next checkpoint on: with few
                // validators, adding an unreachable one stalls the network.
                if (!force && !connected(peer)) {
                    throw new IllegalArgumentException(peer + " is not connected to this node: start it with the"
                            + " network's genesis validators and bootstrap first (aegis:peers), or add it with --force");
                }
                yield ValidatorSetChange.adding(state.validators(), peer);
            }
            case "remove" -> ValidatorSetChange.removing(state.validators(), peer);
            default -> throw new IllegalArgumentException("unknown action '" + action + "': add or remove");
        };
        Proposal proposal = new Proposal(UUID.randomUUID().toString(), ValidatorSetChange.KIND, change.toPayload(),
                ShellUser.of(session));
        if (Proposals.decide(engine, rules, proposal, waitSeconds) != null) {
            System.out.println((change.peerIds().size()) + " validators from the next checkpoint: "
                    + String.join(", ", change.peerIds()));
        }
        return null;
    }

    private boolean connected(String peerId) {
        return transport != null && transport.peers().stream().anyMatch(p -> p.peerId().equals(peerId));
    }
}
