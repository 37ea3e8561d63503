package org.aegis.api.consensus;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service called with every committed decision, in sequence order, once per decision while it is bound.
 * Register it as a {@code DecisionListener} service; no service property is read. The consensus engine calls it.
 *
 * <p>Delivery is not replayed: decisions committed while the listener was not bound (before it registered, while
 * the node was down, while the engine was being replaced) do not reach {@link #onDecision}. A listener that must
 * see every decision records the last sequence it handled and reads the ones it missed with
 * {@link ConsensusEngine#decisions}, as the node's state machine does; it then also ignores a decision it has
 * already handled.
 *
 * <p>Hot swap: when the listener's bundle is updated or stopped it is unbound and gets nothing more; the new instance
 * catches up as above. When the engine is replaced, deliveries stop with the old one and resume from the new one.
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so a listener built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface DecisionListener {
    /**
     * Takes one committed decision. Called on the engine's delivery thread (PBFT: {@code aegis-pbft-decisions}),
     * one decision and one listener at a time, so PBFT's calls never overlap. It may block, but every later
     * decision waits for it, for every listener: hand long work (storage writes, training) to a thread of your own
     * and return. An exception is logged and the decision is not delivered to this listener again.
     */
    void onDecision(Decision decision);
}
