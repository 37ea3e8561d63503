package org.aegis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.ws.rs.core.Response;
import org.aegis.api.consensus.DecisionRules;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.security.Principal;
import org.aegis.api.security.Role;
import org.junit.jupiter.api.Test;

class ConsensusRequestParsingTest {
    private static final Principal ALICE = new Principal("alice", Role.OPERATOR, "t1", Instant.EPOCH, Instant.MAX);

    @Test
    void payloadIsKeptAsCompactJsonAndTheProposerIsTheTokenSubject() throws Exception {
        var payload = new ObjectMapper().readTree("{ \"pid\" : \"org.aegis.metrics\", \"properties\": {\"a\": 1} }");
        Proposal p = ConsensusResource.parse(new ConsensusResource.ProposalRequest("p-1", "config", payload), ALICE);
        assertEquals("p-1", p.id());
        assertEquals("alice", p.proposer());
        assertEquals("{\"pid\":\"org.aegis.metrics\",\"properties\":{\"a\":1}}", new String(p.payload(), StandardCharsets.UTF_8));
    }

    @Test
    void anIdIsGeneratedWhenAbsent() {
        Proposal p = ConsensusResource.parse(new ConsensusResource.ProposalRequest(null, "note", new TextNode("x")), ALICE);
        assertTrue(p.id().matches("[0-9a-f-]{36}"), p.id());
    }

    @Test
    void badRequestsNameTheProblem() {
        var text = new TextNode("x");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConsensusResource.parse(null, ALICE))
                .getMessage().contains("body required"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConsensusResource.parse(
                new ConsensusResource.ProposalRequest("a b", "note", text), ALICE)).getMessage().contains("'id'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConsensusResource.parse(
                new ConsensusResource.ProposalRequest(null, "Config!", text), ALICE)).getMessage().contains("'kind'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConsensusResource.parse(
                new ConsensusResource.ProposalRequest(null, "note", null), ALICE)).getMessage().contains("'payload'"));
    }

    @Test
    void payloadsThatAreNotJsonAreShownAsBase64() {
        var view = ConsensusViews.PayloadView.of(new byte[] {(byte) 0xff, 0x00});
        assertNull(view.payload());
        assertEquals("/wA=", view.payloadBase64());
        assertEquals(3, ConsensusViews.quorum(4));
        assertEquals(401, ConsensusViews.quorum(600));
    }

    @Test
    void whatEveryReplicaWouldRefuseIsRefusedAtOnce() {
        Proposal auth = new Proposal("p", "config", "{}".getBytes(StandardCharsets.UTF_8), "alice");
        DecisionRules forbidding = p -> Optional.of(new DecisionRules.Refusal(DecisionRules.Reason.FORBIDDEN, "org.aegis.auth is node-local"));
        DecisionRules malformed = p -> Optional.of(new DecisionRules.Refusal(DecisionRules.Reason.MALFORMED, "properties must be an object"));
        Response forbidden = ConsensusResource.refusal(List.of(p -> Optional.empty(), forbidding), auth).orElseThrow();
        assertEquals(403, forbidden.getStatus());
        assertTrue(((ApiError) forbidden.getEntity()).error().contains("org.aegis.auth is node-local"));
        assertEquals(400, ConsensusResource.refusal(List.of(malformed), auth).orElseThrow().getStatus());
        assertEquals(Optional.empty(), ConsensusResource.refusal(List.of(p -> Optional.empty()), auth));
        assertEquals(Optional.empty(), ConsensusResource.refusal(List.of(), auth));
    }
}
