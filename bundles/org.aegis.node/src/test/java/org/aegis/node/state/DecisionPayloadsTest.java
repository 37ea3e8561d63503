package org.aegis.node.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.DecisionRules.Reason;
import org.aegis.api.consensus.DecisionRules.Refusal;
import org.aegis.api.consensus.Proposal;
import org.aegis.testing.InMemoryStore;
import org.junit.jupiter.api.Test;

/** The rule on which settings a decision may change, replaying the penetration test's escalations. */
class DecisionPayloadsTest {
    private Optional<Refusal> check(String kind, String payload) {
        return DecisionPayloads.check(new Proposal("p", kind, payload.getBytes(StandardCharsets.UTF_8), "operator"));
    }

    private void assertForbidden(String payload, String expectedInMessage) {
        Refusal refusal = check("config", payload).orElseThrow(() -> new AssertionError("accepted: " + payload));
        assertEquals(Reason.FORBIDDEN, refusal.reason(), refusal.message());
        assertTrue(refusal.message().contains(expectedInMessage), refusal.message());
    }

    @Test
    void authenticationSettingsNeverChangeByDecision() {
        // The attack: a longer clock skew revived expired tokens on every node.
        assertForbidden("{\"pid\":\"org.aegis.auth\",\"properties\":{\"clockSkewSeconds\":3600}}",
                "org.aegis.auth is node-local");
    }

    @Test
    void providerEndpointsAndCredentialsNeverChangeByDecision() {
        // The attack: an admin-configured provider repointed at an attacker, who then received its API key.
        assertForbidden("{\"pid\":\"org.aegis.model.openai~x\",\"properties\":{\"baseUrl\":\"http://evil.example/v1\"}}",
                "org.aegis.model.openai~x is node-local");
    }

    @Test
    void everyNodeLocalComponentIsRefused() {
        for (String pid : new String[] {"org.aegis.rest", "org.aegis.store", "org.aegis.identity", "org.aegis.node",
                "org.aegis.transport.libp2p", "org.aegis.model.local", "org.aegis.model.openai"}) {
            assertForbidden("{\"pid\":\"" + pid + "\",\"properties\":{\"x\":1}}", pid + " is node-local");
        }
    }

    @Test
    void aNodeLocalPropertyOfANetworkWideComponentRefusesTheWholeDecision() {
        // seed and historyRetention are each node's own; coupling is the network's.
        assertForbidden("{\"pid\":\"org.aegis.metrics\",\"properties\":{\"coupling\":2.5,\"seed\":7,\"historyRetention\":\"P9D\"}}",
                "[historyRetention, seed]");
        assertForbidden("{\"pid\":\"org.aegis.consensus.pbft\",\"properties\":{\"validators\":[\"x\"]}}", "[validators]");
    }

    @Test
    void networkWideSettingsMayChange() {
        assertEquals(Optional.empty(), check("config", "{\"pid\":\"org.aegis.metrics\",\"properties\":{\"coupling\":2.5,\"tickHz\":10}}"));
        assertEquals(Optional.empty(), check("config", "{\"pid\":\"org.aegis.consensus.pbft\",\"properties\":{\"maxBatchSize\":16}}"));
        assertEquals(Optional.empty(), check("config", "{\"pid\":\"org.aegis.model.orchestrator\",\"properties\":{\"maxTokens\":2048}}"));
    }

    @Test
    void malformedPayloadsAreMalformedNotForbidden() {
        assertEquals(Reason.MALFORMED, check("config", "not json").orElseThrow().reason());
        assertEquals(Reason.MALFORMED, check("config", "{\"pid\":\"org.apache.karaf.shell\",\"properties\":{\"a\":1}}").orElseThrow().reason());
        assertEquals(Reason.MALFORMED, check("validators", "{\"validators\":[]}").orElseThrow().reason());
        assertEquals(Reason.MALFORMED, check("model-version", "{\"model\":\"m\"}").orElseThrow().reason());
        assertEquals(Optional.empty(), check("note", "\"anything\""));
    }

    @Test
    void aForbiddenDecisionThatIsCommittedAnywayIsRejectedOnApplyAndChangesNothing() {
        List<String> changed = new ArrayList<>();
        DecisionApplier applier = new DecisionApplier(new ObjectMapper(), (pid, properties) -> changed.add(pid));
        Decision decision = new Decision(1, 0, new Proposal("p", "config",
                "{\"pid\":\"org.aegis.auth\",\"properties\":{\"clockSkewSeconds\":3600}}".getBytes(StandardCharsets.UTF_8),
                "operator"), Instant.EPOCH);
        Outcome[] outcome = new Outcome[1];
        new InMemoryStore().write(batch -> outcome[0] = applier.apply(decision, batch));
        assertEquals(Outcome.Status.REJECTED, outcome[0].status());
        assertTrue(outcome[0].detail().contains("org.aegis.auth is node-local"), outcome[0].detail());
        assertEquals(List.of(), changed);
    }
}
