package org.aegis.consensus.pbft.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.Validator;
import org.aegis.api.consensus.ValidatorSetChange;
import org.aegis.api.metrics.WeightProvider;
import org.junit.jupiter.api.Test;

class WeightEpochsTest {
    /** docs/metrics.md §5's base formula without the cap: the epochs must refuse what breaks it. */
    private static final WeightProvider UNCAPPED = levels -> levels.stream()
            .map(c -> 100 + (int) Math.floor(200 * Math.max(0, Math.min(1, c)) + 0.5)).toList();

    private static Proposal report(String node, double c) {
        String json = "{\"timestamp\": 1.0, \"node_id\": \"" + node + "\", \"mean_phase\": 0.1,"
                + " \"consciousness_metrics\": {\"phi\": 0.1, \"coherence\": 0.2, \"stability\": 0.3,"
                + " \"divergence\": 0.4, \"consciousness_level\": " + c + "}}";
        return new Proposal("r-" + node + "-" + c, WeightEpochs.KIND_METRICS_REPORT,
                json.getBytes(StandardCharsets.UTF_8), node);
    }

    private static List<String> nodes(int n) {
        return IntStream.range(0, n).mapToObj(i -> "n" + i).toList();
    }

    @Test
    void aVectorTakesEffectAtTheFirstCheckpointAfterItsDecision() {
        WeightEpochs epochs = new WeightEpochs(UNCAPPED, 4, nodes(4));
        epochs.onExecuted(1);
        epochs.apply("n1", report("n1", 0.1));
        epochs.onExecuted(2);
        epochs.onExecuted(3);
        assertEquals(0, epochs.forSequence(5, 3).isPresent() ? 1 : 0, "slot 5 waits for checkpoint 4");
        assertEquals(0, epochs.forSequence(4, 3).orElseThrow().number(), "slot 4 is still in epoch 0");
        epochs.onExecuted(4);
        Epoch next = epochs.forSequence(5, 4).orElseThrow();
        assertEquals(1, next.number());
        assertEquals(4, next.startsAfter());
        assertEquals(120, next.weight("n1"), "100 + round(200·0.1)");
        assertEquals(100, next.weight("n0"), "no report: C = 0");
        assertEquals(0, epochs.forSequence(4, 4).orElseThrow().number(), "what was before keeps its weights");
        epochs.onExecuted(8);
        assertEquals(1, epochs.current().number(), "no change, no new epoch");
    }

    @Test
    void aReportCountsOnlyForItsSignerAndBadOnesAreIgnored() {
        WeightEpochs epochs = new WeightEpochs(UNCAPPED, 1, nodes(4));
        epochs.apply("n2", report("n1", 0.1));
        epochs.apply("n3", new Proposal("x", WeightEpochs.KIND_METRICS_REPORT, "{not json".getBytes(
                StandardCharsets.UTF_8), "n3"));
        epochs.onExecuted(1);
        assertEquals(0, epochs.current().number(), "nothing valid changed");
    }

    @Test
    void validatorsChangeOnlyByADecisionOfKindValidators() {
        WeightEpochs epochs = new WeightEpochs(UNCAPPED, 2, nodes(4));
        epochs.apply("n0", new Proposal("v", ValidatorSetChange.KIND,
                new ValidatorSetChange(List.of("n0", "n1", "n2", "n3", "n4")).toPayload(), "n0"));
        assertTrue(epochs.isValidator("n4"), "n4's messages are heard from the decision on");
        epochs.onExecuted(2);
        assertEquals(5, epochs.current().set().validators().size());
        assertEquals(500, epochs.current().totalWeight());
        epochs.apply("n0", new Proposal("w", ValidatorSetChange.KIND,
                "{\"validators\": [\"n0\", \"n0\"]}".getBytes(StandardCharsets.UTF_8), "n0"));
        epochs.apply("n0", new Proposal("w", ValidatorSetChange.KIND,
                "[\"n0\", \"n1\"]".getBytes(StandardCharsets.UTF_8), "n0"));
        epochs.onExecuted(4);
        assertEquals(5, epochs.current().set().validators().size(),
                "a list with a repeated id is ignored, and so is a bare array");
    }

    @Test
    void aVectorBreakingTheCapIsNeverUsed() {
        WeightEpochs epochs = new WeightEpochs(levels -> List.of(300, 100, 100, 100), 1, nodes(4));
        assertEquals(List.of(100, 100, 100, 100), epochs.current().weightList(), "equal weights instead");
    }

    @Test
    void propertyTheWeightsInUseAlwaysSatisfyTheCap() {
        Random random = new Random(42);
        for (int trial = 0; trial < 400; trial++) {
            int n = 1 + random.nextInt(12);
            List<String> members = nodes(n);
            WeightEpochs epochs = new WeightEpochs(UNCAPPED, 1, members);
            List<Double> levels = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double c = random.nextInt(4) == 0 ? 1.0 : random.nextDouble() * 1.2 - 0.1;
                levels.add(c);
                epochs.apply(members.get(i), report(members.get(i), c));
            }
            epochs.onExecuted(1);
            List<Integer> used = epochs.current().weightList();
            assertTrue(Quorums.withinCap(used), "trial " + trial + ": " + levels + " gave " + used);
            List<Integer> raw = UNCAPPED.weights(levels);
            if (Quorums.withinCap(raw)) {
                assertEquals(raw, used, "a vector within the cap is used as it is");
            } else {
                assertEquals(List.of(), used.stream().filter(w -> w != WeightEpochs.EQUAL_WEIGHT).toList());
            }
        }
    }

    @Test
    void encodeRestoresTheSameState() throws Exception {
        WeightEpochs epochs = new WeightEpochs(UNCAPPED, 2, nodes(4));
        epochs.apply("n1", report("n1", 0.1));
        epochs.onExecuted(2);
        epochs.apply("n2", report("n2", 0.15));
        WeightEpochs copy = new WeightEpochs(UNCAPPED, 2, List.of("other"));
        copy.restore(epochs.encode());
        assertEquals(epochs.current().set(), copy.current().set());
        copy.onExecuted(4);
        epochs.onExecuted(4);
        assertEquals(epochs.current().set(), copy.current().set(), "the pending change survived too");
        assertEquals(new Validator("n2", 130), copy.current().set().validators().get(2));
    }
}
