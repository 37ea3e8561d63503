package org.aegis.api.consensus;

import org.osgi.annotation.versioning.ConsumerType;

/** Whiteboard service called with every committed decision, in sequence order, exactly once per decision. */
@ConsumerType
public interface DecisionListener {
    void onDecision(Decision decision);
}
