package org.aegis.node.state;

import java.util.Optional;
import org.aegis.api.consensus.DecisionRules;
import org.aegis.api.consensus.Proposal;
import org.osgi.service.component.annotations.Component;

/** The state machine's checks, offered to proposers so that a proposal every replica would refuse never goes out. */
@Component(service = DecisionRules.class)
public class StateMachineRules implements DecisionRules {
    @Override
    public Optional<Refusal> check(Proposal proposal) {
        return DecisionPayloads.check(proposal);
    }
}
