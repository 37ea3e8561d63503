package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.aegis.api.consensus.DecisionRules.Refusal;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.Validator;
import org.aegis.api.consensus.ValidatorSetChange;
import org.aegis.consensus.pbft.quorum.WeightEpochs;
import org.aegis.node.state.StateMachineRules;
import org.junit.jupiter.api.Test;

/**
 * The PBFT engine, which changes who votes by a {@code validators} decision, and the node's state machine, which
 * records it (and whose rules REST and the shell ask before proposing), read every payload alike: the engine changes
 * the set exactly when the state machine accepts the decision, and to the set the state machine records. They once
 * read different formats (a bare array and an object), so no payload worked for both.
 */
class DecisionPayloadAgreementIT {
    private static final String A = "12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf";
    private static final String B = "12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo";
    private static final String C = "12D3KooWLRPJAA5o6xJQVHCcrDhp7sbEMHPRPbZJLDTkF5jwqNyM";
    private static final String D = "12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK";
    private static final String E = "12D3KooWKMJmAjmmYD2wJ9iNBEhoVFgR2WoJ3gcuowwAWdeQ9Y1L";
    private static final List<String> GENESIS = List.of(A, B, C, D);

    private static final List<String> PAYLOADS = List.of(
            "{\"validators\": [\"" + A + "\", \"" + B + "\", \"" + C + "\", \"" + D + "\", \"" + E + "\"]}",
            "{\"validators\": [\"" + B + "\", \"" + C + "\", \"" + D + "\"]}",
            "{\"validators\": [\"n0\", \"n1\", \"n2\", \"n3\"]}",
            "{\"validators\": [\"" + A + "\"], \"note\": \"other fields are ignored\"}",
            "[\"" + A + "\", \"" + B + "\"]",
            "{\"validators\": [\"" + A + "\", \"" + A + "\"]}",
            "{\"validators\": []}",
            "{\"validators\": \"" + A + "\"}",
            "{\"validators\": [\"" + A + "\", 7]}",
            "{\"validators\": [\"no pe\"]}",
            "{\"validators\": [\"" + "x".repeat(ValidatorSetChange.MAX_PEER_ID_LENGTH + 1) + "\"]}",
            "{\"peers\": [\"" + A + "\"]}",
            "{\"validators\": [\"" + A + "\"",
            "");

    @Test
    void theEngineChangesTheSetExactlyWhenTheStateMachineAcceptsIt() {
        StateMachineRules stateMachine = new StateMachineRules();
        int accepted = 0;
        for (String text : PAYLOADS) {
            Proposal proposal = new Proposal("v", ValidatorSetChange.KIND, text.getBytes(StandardCharsets.UTF_8), A);
            WeightEpochs engine = new WeightEpochs(levels -> Collections.nCopies(levels.size(), 100), 1, GENESIS);
            engine.apply(A, proposal);
            engine.onExecuted(1);
            boolean engineChanged = engine.current().number() == 1;
            Optional<Refusal> refusal = stateMachine.check(proposal);
            assertEquals(refusal.isEmpty(), engineChanged, text + ": engine changed the set " + engineChanged
                    + ", state machine " + refusal.map(r -> "refused: " + r.message()).orElse("accepted"));
            if (engineChanged) {
                accepted++;
                assertEquals(ValidatorSetChange.fromPayload(proposal.payload()).peerIds(),
                        engine.current().set().validators().stream().map(Validator::peerId).toList(), text);
            }
        }
        assertEquals(4, accepted, "the first four payloads are valid, the rest are not");
    }
}
