package org.aegis.api.consensus;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The rules by which the node's replicated state machine applies each decision kind, offered so that a proposer
 * (REST, shell, a plugin) can refuse a proposal at once that every replica would refuse when it is committed. The
 * check is the very one the state machine runs on apply: deterministic, it depends on the proposal alone.
 *
 * <p>Registered by the node runtime for the kinds its state machine interprets, and by a plugin that applies
 * decisions of its own kinds (e.g. {@code federated-*}) for those kinds, with the service property
 * {@value #KINDS_PROPERTY} and a negative ranking. Every registration answers empty for a kind it does not
 * interpret, so a proposer refuses a proposal when any registration refuses it. Thread-safe.
 */
@ProviderType
public interface DecisionRules {
    /** Service property: the decision kinds a plugin's rules interpret. */
    String KINDS_PROPERTY = "aegis.decision.kinds";

    /** Why a proposal would be refused. */
    enum Reason {
        /** The payload does not have the shape its kind needs (bad JSON, missing or wrong fields). */
        MALFORMED,
        /** The payload is well-formed but asks for what no decision may do (e.g. change a node-local setting). */
        FORBIDDEN
    }

    /** A refusal: its reason and a message for the proposer that says what to do instead. */
    record Refusal(Reason reason, String message) {
        public Refusal {
            if (reason == null || message == null || message.isBlank()) {
                throw new IllegalArgumentException("a refusal needs a reason and a message");
            }
        }
    }

    /** Empty when the state machine would apply this proposal once committed; else why it would refuse it. */
    Optional<Refusal> check(Proposal proposal);
}
