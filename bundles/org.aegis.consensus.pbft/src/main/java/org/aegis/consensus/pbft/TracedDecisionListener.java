package org.aegis.consensus.pbft;

import org.aegis.api.consensus.Decision;

/** Hears of each decision a replica executes, with the trace context of its request on that replica. */
@FunctionalInterface
public interface TracedDecisionListener {
    /**
     * @param traceparent the W3C trace context of the request's span on this replica, the parent of whatever this
     *                    node does with the decision; {@code null} when the request is not traced
     */
    void onDecision(Decision decision, String traceparent);
}
