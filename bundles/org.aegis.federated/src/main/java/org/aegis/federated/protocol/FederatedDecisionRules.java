package org.aegis.federated.protocol;

import java.util.Optional;
import org.aegis.api.consensus.DecisionRules;
import org.aegis.api.consensus.Proposal;
import org.osgi.service.component.annotations.Component;

/**
 * The rules of the federated decision kinds, so that a proposer refuses at once what every node would ignore on
 * apply: a payload {@link PayloadCodec} cannot read, or statistics and updates not proposed by their sender.
 * Ranked below the node's own rules, so that a consumer of one {@link DecisionRules} still gets the node's.
 */
@Component(service = DecisionRules.class, property = {"service.ranking:Integer=-100",
    DecisionRules.KINDS_PROPERTY + "=" + PayloadCodec.RUN, DecisionRules.KINDS_PROPERTY + "=" + PayloadCodec.STATS,
    DecisionRules.KINDS_PROPERTY + "=" + PayloadCodec.UPDATE, DecisionRules.KINDS_PROPERTY + "=" + PayloadCodec.ROUND,
    DecisionRules.KINDS_PROPERTY + "=" + PayloadCodec.ROLLBACK, DecisionRules.KINDS_PROPERTY + "=" + PayloadCodec.VERSION})
public final class FederatedDecisionRules implements DecisionRules {
    private final PayloadCodec codec = new PayloadCodec();

    @Override
    public Optional<Refusal> check(Proposal proposal) {
        Optional<FederatedPayload> payload;
        try {
            payload = codec.parse(proposal);
        } catch (IllegalArgumentException e) {
            return Optional.of(new Refusal(Reason.MALFORMED, e.getMessage()));
        }
        return payload.flatMap(p -> sender(p).filter(sender -> !sender.equals(proposal.proposer())))
                .map(sender -> new Refusal(Reason.FORBIDDEN, proposal.kind() + " of " + sender
                        + " may only be proposed by that node itself, not by " + proposal.proposer()));
    }

    /** Who must propose the payload: the sender of statistics, updates and attestations; anyone the rest. */
    private static Optional<String> sender(FederatedPayload payload) {
        if (payload instanceof FederatedPayload.Stats stats) {
            return Optional.of(stats.sender());
        }
        if (payload instanceof FederatedPayload.Update update) {
            return Optional.of(update.sender());
        }
        if (payload instanceof FederatedPayload.Version version) {
            return Optional.of(version.sender());
        }
        return Optional.empty();
    }
}
