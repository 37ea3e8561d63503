package org.aegis.api.consensus;

import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The rules by which the node's replicated state machine applies each decision kind, offered so that a proposer
 * (REST, shell, a plugin) can refuse a proposal at once that every replica would refuse when it is committed. The
 * check is the very one the state machine runs on apply: deterministic, it depends on the proposal alone.
 *
 * <p>Registered by each component that applies decisions of kinds of its own: the node's state machine for
 * {@code config}, {@code model-version} and {@code validators}, a plugin for the kinds it adds (e.g.
 * {@code federated-*}, naming them in the service property {@value #KINDS_PROPERTY}). Each answers empty for a kind
 * it does not interpret; a proposer asks all of them and refuses a proposal when any refuses it. Implementations
 * are thread-safe and quick (no I/O): they run on the proposer's request thread.
 */
@ConsumerType
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

    /** Empty when this proposal's kind is not one of this component's, or when it would apply it once committed. */
    Optional<Refusal> check(Proposal proposal);
}
