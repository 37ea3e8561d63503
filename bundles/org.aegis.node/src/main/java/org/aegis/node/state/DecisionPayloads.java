package org.aegis.node.state;

import java.util.Optional;
import org.aegis.api.consensus.ConfigChange;
import org.aegis.api.consensus.DecisionRules;
import org.aegis.api.consensus.DecisionRules.Reason;
import org.aegis.api.consensus.DecisionRules.Refusal;
import org.aegis.api.consensus.InvalidPayloadException;
import org.aegis.api.consensus.ModelVersionChange;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ValidatorSetChange;

/**
 * Reads the payload of each decision kind the state machine interprets, with the API's one definition of each
 * ({@link ConfigChange}, {@link ModelVersionChange}, {@link ValidatorSetChange}), and adds the node's rule on which
 * settings a decision may change ({@link NetworkSettings}). The same code runs when a decision is applied and when a
 * proposer asks {@link DecisionRules} beforehand, so both always agree.
 */
final class DecisionPayloads {
    private DecisionPayloads() {
    }

    /** The refusal the state machine would record for this proposal, if any; other kinds are always accepted. */
    static Optional<Refusal> check(Proposal proposal) {
        try {
            switch (proposal.kind()) {
                case ConfigChange.KIND -> config(proposal);
                case ModelVersionChange.KIND -> ModelVersionChange.fromPayload(proposal.payload());
                case ValidatorSetChange.KIND -> ValidatorSetChange.fromPayload(proposal.payload());
                default -> {
                    // recorded as it is
                }
            }
            return Optional.empty();
        } catch (Forbidden e) {
            return Optional.of(new Refusal(Reason.FORBIDDEN, e.getMessage()));
        } catch (InvalidPayloadException e) {
            return Optional.of(new Refusal(Reason.MALFORMED, e.getMessage()));
        }
    }

    /** @throws Forbidden when the change names a node-local setting; InvalidPayloadException when malformed */
    static ConfigChange config(Proposal proposal) {
        ConfigChange change = ConfigChange.fromPayload(proposal.payload());
        NetworkSettings.refusal(change.pid(), change.properties().keySet()).ifPresent(reason -> {
            throw new Forbidden(reason);
        });
        return change;
    }

    /** A well-formed payload that asks for what no decision may do. */
    static final class Forbidden extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Forbidden(String message) {
            super(message);
        }
    }
}
