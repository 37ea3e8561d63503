package org.aegis.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.Arrays;
import java.util.List;
import javax.ws.rs.core.Response;
import org.aegis.api.federated.Hyperparameters;
import org.aegis.api.learning.RunRequest;
import org.junit.jupiter.api.Test;

class FederatedRequestParsingTest {
    private static String refusal(org.junit.jupiter.api.function.Executable parse) {
        return assertThrows(IllegalArgumentException.class, parse).getMessage();
    }

    @Test
    void aRunTakesTheDefaultsForWhatItLeavesOut() throws Exception {
        var body = JsonProvider.mapper().readValue("{\"task\": \"iris\"}", FederatedRequests.RunBody.class);
        RunRequest request = FederatedRequests.run(body);
        assertEquals("iris", request.task());
        assertEquals(RunRequest.DEFAULT_ROUNDS, request.rounds());
        assertEquals("fedavg", request.strategy());
        assertEquals(Hyperparameters.defaults(), request.hyperparameters());
    }

    @Test
    void aRunReadsItsHyperparametersInSnakeCase() throws Exception {
        var body = JsonProvider.mapper().readValue("{\"task\": \"iris\", \"rounds\": 5, \"strategy\": \"krum\","
                + " \"hyperparameters\": {\"learning_rate\": 0.2, \"local_epochs\": 3, \"assumed_byzantine\": 1,"
                + " \"round_timeout_ms\": 500}}", FederatedRequests.RunBody.class);
        RunRequest request = FederatedRequests.run(body);
        assertEquals(5, request.rounds());
        assertEquals("krum", request.strategy());
        Hyperparameters h = request.hyperparameters();
        assertEquals(0.2, h.learningRate());
        assertEquals(3, h.localEpochs());
        assertEquals(1, h.assumedByzantine());
        assertEquals(500, h.roundTimeoutMillis());
        assertEquals(Hyperparameters.defaults().batchSize(), h.batchSize());
    }

    @Test
    void differentialPrivacyNeedsAClipNormAndANoiseMultiplier() throws Exception {
        var body = JsonProvider.mapper().readValue("{\"task\": \"iris\", \"hyperparameters\": {\"dp_clip_norm\": 1.5,"
                + " \"dp_noise_multiplier\": 1.1}}", FederatedRequests.RunBody.class);
        Hyperparameters h = FederatedRequests.run(body).hyperparameters();
        assertTrue(h.dpEnabled());
        assertEquals(1.5, h.dpClipNorm());
        assertEquals(1.1, h.dpNoiseMultiplier());
        assertEquals(Hyperparameters.DEFAULT_DP_DELTA, h.dpDelta());
        var clipOnly = JsonProvider.mapper().readValue("{\"task\": \"iris\", \"hyperparameters\": {\"dp_clip_norm\":"
                + " 1.5}}", FederatedRequests.RunBody.class);
        assertTrue(refusal(() -> FederatedRequests.run(clipOnly)).contains("both a clip norm and a noise multiplier"));
    }

    @Test
    void aLoraRankAsksForAdaptersOnly() throws Exception {
        var body = JsonProvider.mapper().readValue("{\"task\": \"chars\", \"hyperparameters\": {\"lora_rank\": 4}}",
                FederatedRequests.RunBody.class);
        Hyperparameters h = FederatedRequests.run(body).hyperparameters();
        assertTrue(h.loraEnabled());
        assertEquals(4, h.loraRank());
        assertEquals(0, FederatedRequests.run(new FederatedRequests.RunBody("chars", 1, null, null)).hyperparameters()
                .loraRank());
        var tooLarge = JsonProvider.mapper().readValue("{\"task\": \"chars\", \"hyperparameters\": {\"lora_rank\":"
                + " 1000}}", FederatedRequests.RunBody.class);
        assertTrue(refusal(() -> FederatedRequests.run(tooLarge)).contains("LoRA rank must be 0 (full model) to 256"));
    }

    @Test
    void badRunsNameTheProblem() {
        assertTrue(refusal(() -> FederatedRequests.run(null)).contains("request body required"));
        assertTrue(refusal(() -> FederatedRequests.run(new FederatedRequests.RunBody("iris", 0, null, null)))
                .contains("rounds must be 1 to"));
        assertTrue(refusal(() -> FederatedRequests.run(new FederatedRequests.RunBody("iris", 3, null,
                new FederatedRequests.HyperparametersBody(-1.0, null, null, null, null, null, null, null, null, null,
                        null, null))))
                .contains("learning rate must be positive"));
        assertThrows(Exception.class, () -> JsonProvider.mapper().readValue("{\"task\": \"iris\", \"epochs\": 3}",
                FederatedRequests.RunBody.class));
    }

    @Test
    void jsonRowsBecomeFeatureVectors() {
        List<float[]> rows = FederatedRequests.rows(new FederatedRequests.PredictBody(List.of(List.of(1.0, 2.5),
                List.of(-3.0, 4.0)), null));
        assertEquals(2, rows.size());
        assertArrayEquals(new float[] {1f, 2.5f}, rows.get(0));
        assertTrue(refusal(() -> FederatedRequests.rows(new FederatedRequests.PredictBody(List.of(), null)))
                .contains("request body required"));
        assertTrue(refusal(() -> FederatedRequests.rows(new FederatedRequests.PredictBody(List.of(
                Arrays.asList(1.0, null)), null))).contains("row 1, value 2 is null"));
    }

    @Test
    void csvRowsMaySkipAHeaderAndNameABadCell() throws Exception {
        List<float[]> rows = FederatedRequests.csvRows(new StringReader("a,b\n1,2\n\n3.5, -4e1\n"));
        assertEquals(2, rows.size());
        assertArrayEquals(new float[] {3.5f, -40f}, rows.get(1));
        assertTrue(refusal(() -> FederatedRequests.csvRows(new StringReader("1,2\n3,NaN\n")))
                .contains("line 2, column 2: 'NaN' is not a number"));
        assertTrue(refusal(() -> FederatedRequests.csvRows(new StringReader("a,b\n"))).contains("no rows"));
    }

    @Test
    void aRollbackNeedsAVersion() {
        assertEquals(3, FederatedRequests.version(new FederatedRequests.RollbackBody(3L)));
        assertTrue(refusal(() -> FederatedRequests.version(new FederatedRequests.RollbackBody(0L)))
                .contains("\"version\""));
        assertTrue(refusal(() -> FederatedRequests.version(null)).contains("\"version\""));
    }

    @Test
    void withoutTheServiceEveryReadIs503NamingTheFeature() {
        FederatedResource resource = new FederatedResource();
        Response response = resource.task("iris");
        assertEquals(503, response.getStatus());
        assertTrue(((ApiError) response.getEntity()).error().contains("aegis-federated feature"));
        assertEquals(503, resource.versions("iris").getStatus());
        assertTrue(refusal(() -> resource.versions(" ")).contains("'task' is required"));
    }
}
