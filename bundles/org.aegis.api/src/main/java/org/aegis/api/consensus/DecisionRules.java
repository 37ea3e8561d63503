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
 *
 * <p>Service properties: the platform's proposers (REST, shell) bind every {@code DecisionRules} service and ask each
 * one about every proposal, so neither {@value #KINDS_PROPERTY} nor {@code service.ranking} changes which rules
 * run; {@value #KINDS_PROPERTY} documents the kinds, and the ranking only matters to a consumer that binds a single
 * {@code DecisionRules} (federated learning ranks its rules at -100, below the node's).
 *
 * <p>Hot swap: while a plugin's rules are not registered (its bundle stopped or being updated), proposers cannot
 * ask them: proposals of its kinds go out unchecked, and replicas refuse on apply what is invalid. A replacement is
 * asked from the next proposal on. A check must therefore never be the only guard: the component that applies the
 * decision enforces the same rule.
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so rules built against version x.y of this package keep working with every x.* version.
 */
@ConsumerType
public interface DecisionRules {
    /** Service property: the decision kinds a plugin's rules interpret (a string or an array of strings). */
    String KINDS_PROPERTY = "aegis.decision.kinds";

    /** Why a proposal would be refused. */
    enum Reason {
        /** The payload does not have the shape its kind needs (bad JSON, missing or wrong fields); REST answers 400. */
        MALFORMED,
        /**
         * The payload is well-formed but asks for what no decision may do (e.g. change a node-local setting); REST
         * answers 403.
         */
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

    /**
     * Empty when this proposal's kind is not one of this component's, or when it would apply it once committed.
     * Called before the proposal is submitted, on the proposer's thread (a REST request thread, a shell command),
     * concurrently for different proposals: thread-safe, no I/O, no blocking. Answer with a {@link Refusal} rather
     * than throwing: an exception stops the proposal too, but REST then answers 400 for an
     * {@link IllegalArgumentException} and 500 for anything else, and the shell command fails.
     */
    Optional<Refusal> check(Proposal proposal);
}
