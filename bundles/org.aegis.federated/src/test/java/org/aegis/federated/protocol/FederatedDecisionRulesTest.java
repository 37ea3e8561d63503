package org.aegis.federated.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.aegis.api.consensus.DecisionRules;
import org.aegis.api.consensus.Proposal;
import org.junit.jupiter.api.Test;

class FederatedDecisionRulesTest {
    private final DecisionRules rules = new FederatedDecisionRules();
    private final PayloadCodec codec = new PayloadCodec();
    private final FederatedPayload.Update update = new FederatedPayload.Update("iris", "r-1", 1, "node-a",
            "cd".repeat(32), 10, 99, "initial");

    @Test
    void aWellFormedProposalByItsSenderPasses() {
        assertEquals(Optional.empty(), rules.check(new Proposal("p", PayloadCodec.UPDATE, codec.encode(update),
                "node-a")));
        assertEquals(Optional.empty(), rules.check(new Proposal("p", PayloadCodec.ROLLBACK,
                codec.encode(new FederatedPayload.Rollback("iris", 2)), "alice")));
        assertEquals(Optional.empty(), rules.check(new Proposal("p", "config", new byte[] {'x'}, "alice")));
    }

    @Test
    void aMalformedPayloadIsRefusedAsMalformed() {
        DecisionRules.Refusal refusal = rules.check(new Proposal("p", PayloadCodec.ROLLBACK,
                "{\"task\":\"iris\"}".getBytes(StandardCharsets.UTF_8), "alice")).orElseThrow();
        assertEquals(DecisionRules.Reason.MALFORMED, refusal.reason());
        assertTrue(refusal.message().contains("federated-rollback payload"), refusal.message());
    }

    @Test
    void anUpdateProposedByAnotherThanItsSenderIsForbidden() {
        DecisionRules.Refusal refusal = rules.check(new Proposal("p", PayloadCodec.UPDATE, codec.encode(update),
                "alice")).orElseThrow();
        assertEquals(DecisionRules.Reason.FORBIDDEN, refusal.reason());
        assertTrue(refusal.message().contains("node-a"), refusal.message());
    }
}
