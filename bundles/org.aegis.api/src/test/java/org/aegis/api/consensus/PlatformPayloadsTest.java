package org.aegis.api.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The platform's decision payloads: each record writes the JSON its parser reads, and bad input says what is wrong. */
class PlatformPayloadsTest {
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertInvalid(String expectedInMessage, Runnable parse) {
        InvalidPayloadException e = assertThrows(InvalidPayloadException.class, parse::run);
        assertTrue(e.getMessage().contains(expectedInMessage), e.getMessage());
    }

    @Test
    void validatorSetsRoundTripInOrder() {
        ValidatorSetChange change = new ValidatorSetChange(List.of("n2", "12D3KooWabc", "n0"));
        assertEquals("{\"validators\":[\"n2\",\"12D3KooWabc\",\"n0\"]}",
                new String(change.toPayload(), StandardCharsets.UTF_8));
        assertEquals(change, ValidatorSetChange.fromPayload(change.toPayload()));
    }

    @Test
    void aValidatorIsAddedLastAndRemovedWithTheOthersInOrder() {
        ValidatorSet inForce = new ValidatorSet(3, List.of(new Validator("n0", 100), new Validator("n1", 120),
                new Validator("n2", 100)), 320);
        assertEquals(List.of("n0", "n1", "n2", "n3"), ValidatorSetChange.adding(inForce, "n3").peerIds());
        assertEquals(List.of("n0", "n2"), ValidatorSetChange.removing(inForce, "n1").peerIds());
        assertInvalid("n1 is a validator already", () -> ValidatorSetChange.adding(inForce, "n1"));
        assertInvalid("n9 is not a validator", () -> ValidatorSetChange.removing(inForce, "n9"));
        assertInvalid("not a peer id: 'a b'", () -> ValidatorSetChange.adding(inForce, "a b"));
        ValidatorSet alone = new ValidatorSet(0, List.of(new Validator("n0", 100)), 100);
        assertInvalid("n0 is the only validator", () -> ValidatorSetChange.removing(alone, "n0"));
    }

    @Test
    void badValidatorSetsSayWhatIsWrong() {
        assertInvalid("must be a JSON object", () -> ValidatorSetChange.fromPayload(utf8("[\"n0\"]")));
        assertInvalid("non-empty array", () -> ValidatorSetChange.fromPayload(utf8("{\"validators\":[]}")));
        assertInvalid("listed twice: n0", () -> ValidatorSetChange.fromPayload(utf8("{\"validators\":[\"n0\",\"n0\"]}")));
        assertInvalid("not a peer id: 'a b'", () -> ValidatorSetChange.fromPayload(utf8("{\"validators\":[\"a b\"]}")));
        assertInvalid("not a peer id: 3", () -> ValidatorSetChange.fromPayload(utf8("{\"validators\":[3]}")));
        assertInvalid("not JSON", () -> ValidatorSetChange.fromPayload(utf8("{\"validators\":")));
        assertInvalid("missing", () -> ValidatorSetChange.fromPayload(null));
    }

    @Test
    void modelVersionsRoundTripWithAndWithoutDigest() {
        ModelVersionChange plain = new ModelVersionChange("iris", "3", Optional.empty());
        ModelVersionChange pinned = new ModelVersionChange("iris", "4", Optional.of("sha256:ab"));
        assertEquals(plain, ModelVersionChange.fromPayload(plain.toPayload()));
        assertEquals(pinned, ModelVersionChange.fromPayload(pinned.toPayload()));
        assertInvalid("version must be a non-empty string",
                () -> ModelVersionChange.fromPayload(utf8("{\"model\":\"m\"}")));
    }

    @Test
    void configChangesKeepTheirValueTypes() {
        ConfigChange change = ConfigChange.fromPayload(utf8("{\"pid\":\"org.aegis.model.orchestrator\",\"properties\":"
                + "{\"maxTokens\":10,\"defaultModel\":\"x\",\"breakerFailureRate\":0.25,\"strict\":true,"
                + "\"fallback\":[\"a -> b\",1]}}"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("maxTokens", 10L);
        expected.put("defaultModel", "x");
        expected.put("breakerFailureRate", 0.25);
        expected.put("strict", true);
        expected.put("fallback", List.of("a -> b", "1"));
        assertEquals(expected, change.properties());
        assertEquals(change, ConfigChange.fromPayload(change.toPayload()));
    }

    @Test
    void configChangesNameAnAegisComponentAndHoldOnlySimpleValues() {
        assertInvalid("AEGIS component", () -> ConfigChange.fromPayload(
                utf8("{\"pid\":\"org.apache.karaf.shell\",\"properties\":{\"a\":1}}")));
        assertInvalid("non-empty object", () -> ConfigChange.fromPayload(
                utf8("{\"pid\":\"org.aegis.metrics\",\"properties\":{}}")));
        assertInvalid("property coupling", () -> ConfigChange.fromPayload(
                utf8("{\"pid\":\"org.aegis.metrics\",\"properties\":{\"coupling\":{\"b\":1}}}")));
        assertInvalid("arrays may hold only", () -> ConfigChange.fromPayload(
                utf8("{\"pid\":\"org.aegis.metrics\",\"properties\":{\"x\":[[1]]}}")));
    }
}
