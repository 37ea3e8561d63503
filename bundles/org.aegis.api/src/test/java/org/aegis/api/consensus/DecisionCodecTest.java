package org.aegis.api.consensus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DecisionCodecTest {
    private static final Decision DECISION = new Decision(42, 3,
            new Proposal("p-1", "config", "{\"pid\":\"x\",\"é\":1}".getBytes(StandardCharsets.UTF_8), "alice"),
            Instant.parse("2024-05-01T10:15:30.123456789Z"));

    @Test
    void aDecodedDecisionIsTheEncodedOneAndEncodesToTheSameBytes() {
        byte[] encoded = DecisionCodec.encode(DECISION);
        Decision decoded = DecisionCodec.decode(encoded);
        assertEquals(DECISION.sequence(), decoded.sequence());
        assertEquals(DECISION.view(), decoded.view());
        assertEquals(DECISION.decidedAt(), decoded.decidedAt());
        assertEquals(DECISION.proposal().id(), decoded.proposal().id());
        assertEquals(DECISION.proposal().kind(), decoded.proposal().kind());
        assertEquals(DECISION.proposal().proposer(), decoded.proposal().proposer());
        assertArrayEquals(DECISION.proposal().payload(), decoded.proposal().payload());
        assertArrayEquals(encoded, DecisionCodec.encode(decoded));
    }

    @Test
    void refusesTruncatedTrailingAndForeignBytes() {
        byte[] encoded = DecisionCodec.encode(DECISION);
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThrows(IllegalArgumentException.class, () -> DecisionCodec.decode(truncated), "length " + length);
        }
        byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DecisionCodec.decode(trailing)).getMessage()
                .contains("trailing"));
        byte[] foreign = encoded.clone();
        foreign[0] = 'X';
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DecisionCodec.decode(foreign)).getMessage()
                .contains("magic"));
        byte[] version = encoded.clone();
        version[4] = 2;
        assertThrows(IllegalArgumentException.class, () -> DecisionCodec.decode(version));
    }

    @Test
    void refusesWhatIsNotACommittedDecision() {
        assertThrows(IllegalArgumentException.class, () -> DecisionCodec.encode(
                new Decision(0, 0, DECISION.proposal(), Instant.EPOCH)));
        assertThrows(IllegalArgumentException.class, () -> DecisionCodec.encode(
                new Decision(1, 0, new Proposal(null, "k", new byte[0], "p"), Instant.EPOCH)));
    }
}
