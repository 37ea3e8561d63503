package org.aegis.federated.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.federated.Hyperparameters;
import org.junit.jupiter.api.Test;

class PayloadCodecTest {
    private static final String DIGEST = "ab".repeat(32);
    private final PayloadCodec codec = new PayloadCodec();

    private static Proposal proposal(String kind, String json) {
        return new Proposal("p", kind, json.getBytes(StandardCharsets.UTF_8), "node");
    }

    private String refusal(String kind, String json) {
        return assertThrows(IllegalArgumentException.class, () -> codec.parse(proposal(kind, json))).getMessage();
    }

    @Test
    void everyPayloadSurvivesEncodingAndParsing() {
        List<FederatedPayload> payloads = List.of(
                new FederatedPayload.Run("iris", "r-1", 5, "median", Hyperparameters.defaults(), List.of("a", "b"),
                        null, List.of("x", "y"), "mlp:8", 4, 42),
                new FederatedPayload.Update("iris", "r-1", 2, "a", DIGEST, 10, 99, "initial"),
                new FederatedPayload.Round("iris", "r-1", 2, List.of(DIGEST)),
                new FederatedPayload.Rollback("iris", 3));
        for (FederatedPayload payload : payloads) {
            byte[] bytes = codec.encode(payload);
            assertEquals(Optional.of(payload), codec.parse(new Proposal("p", PayloadCodec.kind(payload), bytes, "n")));
        }
        FederatedPayload.Stats stats = new FederatedPayload.Stats("iris", "r-1", "a", 3, new double[] {1.5, 2},
                new double[] {3, 4.25});
        FederatedPayload.Stats parsed = (FederatedPayload.Stats) codec.parse(new Proposal("p", PayloadCodec.STATS,
                codec.encode(stats), "a")).orElseThrow();
        assertEquals(2.0, parsed.sum()[1]);
        assertEquals(4.25, parsed.sumOfSquares()[1]);
    }

    @Test
    void otherKindsAreNotFederated() {
        assertEquals(Optional.empty(), codec.parse(proposal("config", "{}")));
    }

    @Test
    void malformedPayloadsAreRefusedSayingWhy() {
        assertTrue(refusal(PayloadCodec.ROLLBACK, "{\"task\":\"iris\",\"version\":0}").contains("version must be"));
        assertTrue(refusal(PayloadCodec.ROLLBACK, "{\"task\":\"iris\"}").contains("version"));
        assertTrue(refusal(PayloadCodec.ROLLBACK, "{\"task\":\"iris\",\"version\":1,\"x\":1}").contains("x"));
        assertTrue(refusal(PayloadCodec.ROUND, "{\"task\":\"iris\",\"run\":\"r\",\"round\":1,\"digests\":[\"zz\"]}")
                .contains("digests must be"));
        assertTrue(refusal(PayloadCodec.UPDATE, "not json").contains("federated-update payload"));
        assertTrue(refusal(PayloadCodec.RUN, "{\"task\":\"iris\"}").contains("federated-run payload"));
    }
}
