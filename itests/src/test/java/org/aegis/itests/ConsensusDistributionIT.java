package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Weighted PBFT across four distributions, each its own process, talking over the libp2p transport on loopback: a
 * proposal made at one node's REST API is decided at all four at the same sequence number; with one node killed
 * ({@code kill -9}), first a backup and then the primary, the other three keep deciding; a killed node, restarted,
 * catches up with the same decisions, also when its data folder was lost and its store restored from an earlier
 * {@code aegis:backup}; a {@code config} decision changes the configuration of every node through its
 * replicated state machine, the one down at the time included once it is back; an engine restarted by a change of
 * its configuration goes on deciding with the others; a fifth node joins the validators by decision and one leaves.
 *
 * <p>At most one node is down at any time: with four validators the network survives one fault (f = 1, and the
 * weight cap of docs/metrics.md §5 keeps any one validator under a third of the weight).
 */
@Timeout(value = 13, unit = TimeUnit.MINUTES)
class ConsensusDistributionIT {
    private static final int NODES = 4;
    private static final Duration DECIDE = Cluster.DECIDE;
    private static final String PBFT_CFG = Cluster.PBFT_CFG;
    private static final String TRACING_CFG = "etc/org.aegis.tracing.cfg";

    private Cluster cluster;
    private OtlpReceiver traces;

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @AfterEach
    void killAll() throws InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
        if (traces != null) {
            traces.close();
        }
    }

    @Test
    void fourDistributionsDecideTheSameSequenceThroughCrashesAndRestarts() throws Exception {
        // Checkpoints every 8 decisions, and signed metrics reports that move the vote weights: the catch-ups
        // below go through stable checkpoints, under changing weight epochs.
        // Tracing on, exported to one OTLP receiver, as an operator would point every node at one collector.
        traces = OtlpReceiver.start();
        cluster = Cluster.start("consensus-cluster", NODES, Map.of("checkpointInterval", "8",
                "metricsReportIntervalMs", "10000"), (index, node) -> node.configure(TRACING_CFG,
                        Map.of("enabled", "true", "endpoint", traces.endpoint(), "exportDelayMs", "200")));
        List<String> peerIds = cluster.peerIds();

        // A proposal at a backup's REST API: relayed to the primary, decided by all four at one sequence number.
        String primary = cluster.primary(0);
        assertEquals(peerIds.get(0), primary, "view 0: the first listed validator leads");
        long first = cluster.propose(1, "hello", "note", "{\"text\":\"decided by four processes\"}");
        for (int i = 0; i < NODES; i++) {
            assertEquals(first, cluster.awaitDecided(i, "hello"), "node " + i + " decided 'hello' at the same sequence");
        }
        repliesVouchForTheDecision(1, "hello", peerIds);

        traceCrossesTheFourNodes(peerIds);

        // The escalation a penetration test found: a config decision on a node-local PID (token validation). Every
        // node refuses it at once, whatever the caller's role; none enters the log (checked at the end).
        String escalation = "{\"kind\":\"config\",\"payload\":{\"pid\":\"org.aegis.auth\","
                + "\"properties\":{\"clockSkewSeconds\":3600}}}";
        for (int i = 0; i < NODES; i++) {
            Http.Reply refused = cluster.node(i).http().post("/api/v1/proposals?wait=5", cluster.token(i), escalation);
            assertEquals(403, refused.status(), "node " + i + ": " + refused);
            assertTrue(refused.body().contains("org.aegis.auth is node-local"), refused.body());
        }

        // An operator changes the batch size in etc/: Karaf restarts every engine over the same connections, and
        // the engines go on deciding together (what follows needs every surviving node's votes).
        for (int i = 0; i < NODES; i++) {
            NodeProcess node = cluster.node(i);
            long starts = engineStarts(node);
            node.configure(PBFT_CFG, "maxBatchSize", "16");
            Cluster.awaitTrue(() -> engineStarts(node) > starts, DECIDE, "node " + i + "'s engine restarted");
        }

        // An operator backs up a backup replica's store (aegis:backup); the network decides on after it.
        int backup = NODES - 1;
        NodeProcess backupNode = cluster.node(backup);
        Path archive = backupNode.home().resolveSibling("node" + backup + "-store.zip");
        NodeProcess.ClientRun backedUp = backupNode.client("aegis:backup " + archive, Duration.ofSeconds(60));
        assertEquals(0, backedUp.exit(), backedUp.output());
        cluster.propose(0, "after-backup", "note", "{\"text\":\"decided after the backup\"}");
        cluster.awaitDecided(backup, "after-backup");

        // kill -9 of that backup: the other three decide, a config change among them.
        backupNode.crash();
        int proposer = 1;
        cluster.propose(proposer, "config-1", "config",
                "{\"pid\":\"org.aegis.model.orchestrator\",\"properties\":{\"maxTokens\":2048}}");
        List<String> whileBackupDown = List.of("backup-down-1", "backup-down-2", "backup-down-3");
        for (String id : whileBackupDown) {
            cluster.propose(proposer, id, "note", "{\"while\":\"backup down\"}");
        }
        for (int i = 0; i < NODES - 1; i++) {
            cluster.awaitDecided(i, "backup-down-3");
        }

        // Its disk is lost (data/ gone) and its store restored from the backup (bin/aegis-restore): restarted, it is
        // the same validator, catches up with what it missed since the backup and applies the config decision too.
        deleteTree(backupNode.home().resolve("data"));
        Process restore = new ProcessBuilder(backupNode.home().resolve("bin/aegis-restore").toString(),
                archive.toString()).redirectErrorStream(true).start();
        String restored = new String(restore.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(restore.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, restore.exitValue(), restored);
        cluster.restart(backup);
        assertEquals(peerIds.get(backup), Cluster.JSON.readTree(backupNode.http().get("/api/v1/node", null).body())
                .path("peer_id").asText(), "the restored node is the same validator");
        assertEquals(cluster.awaitDecided(0, "after-backup"), cluster.awaitDecided(backup, "after-backup"));
        for (String id : whileBackupDown) {
            assertEquals(cluster.awaitDecided(0, id), cluster.awaitDecided(backup, id), id + " at the same sequence after catch-up");
        }
        for (int i = 0; i < NODES; i++) {
            int node = i;
            // the console echoes the command and its prompt around the answer: look for the answer's own line
            Cluster.awaitTrue(() -> cluster.shell(node, "config:property-get --pid org.aegis.model.orchestrator maxTokens").lines()
                    .map(String::trim).anyMatch("2048"::equals), DECIDE,
                    "node " + i + " took the config decision (Config Admin)");
        }

        // kill -9 of the primary: a view change, and the other three go on deciding.
        String oldPrimary = cluster.primary(proposer);
        int primaryIndex = peerIds.indexOf(oldPrimary);
        cluster.node(primaryIndex).crash();
        int survivor = IntStream.range(0, NODES).filter(i -> i != primaryIndex).findFirst().orElseThrow();
        List<String> whilePrimaryDown = List.of("primary-down-1", "primary-down-2");
        for (String id : whilePrimaryDown) {
            cluster.propose(survivor, id, "note", "{\"while\":\"primary down\"}");
        }
        for (int i = 0; i < NODES; i++) {
            if (i != primaryIndex) {
                cluster.awaitDecided(i, "primary-down-2");
                JsonNode consensus = cluster.consensus(i);
                assertTrue(consensus.get("view").asLong() > 0, "node " + i + " changed view: " + consensus);
                assertNotEquals(oldPrimary, consensus.get("primary").asText());
            }
        }

        // The old primary, restarted, catches up and takes part again: its own proposal is decided by all four.
        cluster.restart(primaryIndex);
        for (String id : whilePrimaryDown) {
            assertEquals(cluster.awaitDecided(survivor, id), cluster.awaitDecided(primaryIndex, id), id + " after catch-up");
        }
        long last = cluster.propose(primaryIndex, "back-again", "note", "{\"text\":\"the old primary proposes\"}");
        for (int i = 0; i < NODES; i++) {
            assertEquals(last, cluster.awaitDecided(i, "back-again"), "node " + i);
        }

        // Every node holds the same log: identical decisions up to the shortest one, which reaches 'back-again'.
        List<List<String>> logs = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            logs.add(cluster.decisions(i).stream().map(ConsensusDistributionIT::summary).toList());
        }
        int common = logs.stream().mapToInt(List::size).min().orElseThrow();
        assertTrue(common >= last, "every log reaches " + last + ": " + common);
        for (int i = 1; i < NODES; i++) {
            assertEquals(logs.get(0).subList(0, common), logs.get(i).subList(0, common), "node " + i + "'s log");
        }
        assertTrue(logs.get(0).stream().noneMatch(decision -> decision.contains("org.aegis.auth")), logs.get(0).toString());

        validatorsJoinAndLeaveByDecision();
    }

    /**
     * The proposer's node answered once validators of more than the fault-tolerance weight replied: its status shows
     * their signed replies, each naming the proposal, weighing more than a third of the total (more than f) together.
     */
    private void repliesVouchForTheDecision(int at, String id, List<String> peerIds) throws Exception {
        JsonNode status = Cluster.JSON.readTree(cluster.node(at).http().get("/api/v1/proposals/" + id, null).body());
        long total = status.get("total_weight").asLong();
        long weight = 0;
        Set<String> vouching = new HashSet<>();
        for (JsonNode reply : status.get("replies")) {
            String peer = reply.get("peer_id").asText();
            assertTrue(peerIds.contains(peer) && vouching.add(peer), "one reply per validator: " + status);
            assertEquals(64, Base64.getDecoder().decode(reply.get("signature").asText()).length, reply.toString());
            String signed = new String(Base64.getDecoder().decode(reply.get("signed_bytes").asText()),
                    StandardCharsets.ISO_8859_1);
            assertTrue(signed.startsWith("aegis/pbft/1.0.0\n") && signed.contains(id), "the reply names " + id);
            weight += reply.get("weight").asLong();
        }
        assertTrue(vouching.contains(peerIds.get(at)), "the proposer's own replica replied: " + status);
        assertTrue(3 * weight > total, "replies of weight " + weight + ", more than a third of " + total + ": " + status);
    }

    /**
     * A fifth node, started with the genesis validators and connected, joins by a decision made at another node's
     * console ({@code aegis:validators add}): it catches up by state transfer, votes and proposes; a validator then
     * leaves by REST, and the network, tolerating what its new set tolerates, goes on deciding without it.
     */
    private void validatorsJoinAndLeaveByDecision() throws Exception {
        int joiner = cluster.addFollower();
        String joinerId = cluster.peerId(joiner);
        NodeProcess.ClientRun added = cluster.node(0).client("aegis:validators add " + joinerId, Duration.ofSeconds(60));
        assertEquals(0, added.exit(), added.output());
        assertTrue(added.output().contains("5 validators from the next checkpoint"), added.output());
        awaitValidators(List.of(0, 1, 2, 3, joiner), 5, "join");
        assertTrue(cluster.consensus(0).toString().contains(joinerId));
        for (int i = 0; i < NODES; i++) {
            assertEquals(cluster.awaitDecided(i, "back-again"), cluster.awaitDecided(joiner, "back-again"),
                    "the joiner caught up with node " + i);
        }
        long joined = cluster.propose(joiner, "joiner-proposes", "note", "{\"text\":\"the fifth validator\"}");
        for (int i = 0; i <= joiner; i++) {
            assertEquals(joined, cluster.awaitDecided(i, "joiner-proposes"), "node " + i);
        }
        assertFaultToleranceShown(joiner, 5);

        // Node 1 leaves, removed through REST by an admin of node 2; then node 3 crashes: three of the four left
        // still make a certificate.
        int leaving = 1;
        Http.Reply removed = cluster.node(2).http().delete("/api/v1/consensus/validators/" + cluster.peerId(leaving)
                + "?wait=15", cluster.token(2));
        assertTrue(removed.status() == 201 || removed.status() == 202, removed.toString());
        List<Integer> remaining = List.of(0, 2, 3, joiner);
        awaitValidators(remaining, 4, "leave");
        assertTrue(cluster.consensus(0).get("validators").findValuesAsText("peer_id").stream()
                .noneMatch(cluster.peerId(leaving)::equals), cluster.consensus(0).toString());
        assertFaultToleranceShown(joiner, 4);
        cluster.node(3).crash();
        long after = cluster.propose(joiner, "after-leave", "note", "{\"text\":\"four validators, one down\"}");
        for (int i : List.of(0, 2, joiner)) {
            assertEquals(after, cluster.awaitDecided(i, "after-leave"), "node " + i);
        }
    }

    /** Proposes notes at node 0 until each of {@code nodes} counts {@code size} validators (from a checkpoint on). */
    private void awaitValidators(List<Integer> nodes, int size, String change) throws Exception {
        long deadline = System.nanoTime() + DECIDE.toNanos();
        for (int k = 0; !nodes.stream().allMatch(i -> cluster.consensus(i).get("validators").size() == size); k++) {
            assertTrue(System.nanoTime() < deadline, "not " + size + " validators after the " + change + " within "
                    + DECIDE + ": " + nodes.stream().map(cluster::consensus).toList());
            cluster.propose(0, change + "-fill-" + k, "note", "{\"fill\":" + k + "}");
        }
    }

    /** aegis:consensus at node i shows the validators and the fault tolerance REST reports for them. */
    private void assertFaultToleranceShown(int i, int validators) throws Exception {
        JsonNode state = cluster.consensus(i);
        assertEquals(validators, state.get("validators").size(), state.toString());
        String shown = cluster.shell(i, "aegis:consensus");
        assertTrue(shown.contains("Tolerates Byzantine weight up to " + state.get("fault_tolerance_weight").asLong()
                + " (3f < W), i.e. any " + state.get("fault_tolerance_count").asInt() + " validator(s)"), shown);
        assertTrue(shown.contains("Total weight W = " + state.get("total_weight").asLong()), shown);
    }

    private static String summary(JsonNode decision) {
        return decision.get("sequence").asLong() + " " + decision.get("proposal_id").asText() + " "
                + decision.get("kind").asText() + " " + decision.get("payload");
    }

    /** How many times the node's PBFT engine started, from its log. */
    private static long engineStarts(NodeProcess node) {
        return node.log().lines().filter(line -> line.contains("PBFT replica ") && line.contains(" started in view "))
                .count();
    }

    /**
     * A proposal made with a W3C trace context (a caller's span) is one trace across the network: the REST call on
     * the node it reached, its request there, the ordering on each other replica, and the decision's application on
     * all four, each span the child of the one before, exported by each node to the collector.
     */
    private void traceCrossesTheFourNodes(List<String> peerIds) throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String callerSpan = "00f067aa0ba902b7";
        int at = 2;
        Http.Reply reply = cluster.node(at).http().post("/api/v1/proposals?wait=15", cluster.token(at),
                "{\"id\":\"traced\",\"kind\":\"note\",\"payload\":{\"text\":\"follow me\"}}",
                Map.of("traceparent", "00-" + traceId + "-" + callerSpan + "-01"));
        assertTrue(reply.status() == 201 || reply.status() == 202, reply.toString());
        for (int i = 0; i < NODES; i++) {
            cluster.awaitDecided(i, "traced");
        }
        Cluster.awaitTrue(() -> traces.trace(traceId).stream().filter(s -> s.name().equals("aegis.decision.apply"))
                .count() == NODES, DECIDE, "every node exported the decision's application: " + traces.trace(traceId));
        List<OtlpReceiver.ReceivedSpan> trace = traces.trace(traceId);
        OtlpReceiver.ReceivedSpan call = only(trace, "POST /api/v1/proposals");
        assertEquals(callerSpan, call.parentSpanId(), "the REST span continues the caller's");
        assertEquals(peerIds.get(at), call.node());
        assertEquals(Span.SpanKind.SPAN_KIND_SERVER, call.kind());
        OtlpReceiver.ReceivedSpan request = only(trace, "pbft.request");
        assertEquals(call.spanId(), request.parentSpanId(), "the proposal continues the REST call");
        assertEquals(peerIds.get(at), request.node());
        Map<String, String> perNode = new HashMap<>(Map.of(request.node(), request.spanId()));
        for (OtlpReceiver.ReceivedSpan order : trace.stream().filter(s -> s.name().equals("pbft.order")).toList()) {
            assertEquals(request.spanId(), order.parentSpanId(), "each replica continues the request: " + order);
            perNode.put(order.node(), order.spanId());
        }
        assertEquals(Set.copyOf(peerIds), perNode.keySet(), "the request was followed on every node: " + trace);
        for (OtlpReceiver.ReceivedSpan span : trace) {
            if (span.name().startsWith("pbft.")) {
                assertEquals(List.of("pre-prepared", "prepared", "committed"), span.events(), span.toString());
            }
        }
        for (OtlpReceiver.ReceivedSpan apply : trace.stream()
                .filter(s -> s.name().equals("aegis.decision.apply")).toList()) {
            assertEquals(perNode.get(apply.node()), apply.parentSpanId(),
                    "a node applies the decision within its own replica's span: " + apply);
        }
    }

    private static OtlpReceiver.ReceivedSpan only(List<OtlpReceiver.ReceivedSpan> trace, String name) {
        List<OtlpReceiver.ReceivedSpan> named = trace.stream().filter(s -> s.name().equals(name)).toList();
        assertEquals(1, named.size(), name + " in " + trace);
        return named.get(0);
    }
}
