package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Weighted PBFT across four distributions, each its own process, talking over the libp2p transport on loopback: a
 * proposal made at one node's REST API is decided at all four at the same sequence number; with one node killed
 * ({@code kill -9}), first a backup and then the primary, the other three keep deciding; a killed node, restarted,
 * catches up with the same decisions; a {@code config} decision changes the configuration of every node through its
 * replicated state machine, the one down at the time included once it is back; an engine restarted by a change of
 * its configuration goes on deciding with the others.
 *
 * <p>At most one node is down at any time: with four validators the network survives one fault (f = 1, and the
 * weight cap of METRICS.md §5 keeps any one validator under a third of the weight).
 *
 * <p>Peer ids are made at a node's first start, and every node needs them all (validators, bootstrap peers). So
 * the four start as networks of one (deciding nothing: no metrics reports yet); once their peer ids are known, the
 * validators and bootstrap lists are written into their {@code etc/*.cfg} and Karaf applies them to the running
 * nodes, as an operator editing those files would, with no restart.
 */
@Timeout(value = 9, unit = TimeUnit.MINUTES)
class ConsensusDistributionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NODES = 4;
    private static final Duration START = Duration.ofSeconds(240);
    private static final Duration DECIDE = Duration.ofSeconds(90);
    /** Below the HTTP client's 20 s request timeout; a proposal still pending then is polled. */
    private static final int PROPOSAL_WAIT_SECONDS = 15;
    private static final String PBFT_CFG = "etc/org.aegis.consensus.pbft.cfg";
    private static final String LIBP2P_CFG = "etc/org.aegis.transport.libp2p.cfg";

    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<String> peerIds = new ArrayList<>();
    private List<String> tokens;

    @AfterEach
    void killAll() throws InterruptedException {
        for (NodeProcess node : nodes) {
            node.crash();
        }
    }

    @Test
    void fourDistributionsDecideTheSameSequenceThroughCrashesAndRestarts() throws Exception {
        startAndJoin();

        // A proposal at a backup's REST API: relayed to the primary, decided by all four at one sequence number.
        String primary = primary(0);
        assertEquals(peerIds.get(0), primary, "view 0: the first listed validator leads");
        long first = propose(1, "hello", "note", "{\"text\":\"decided by four processes\"}");
        for (int i = 0; i < NODES; i++) {
            assertEquals(first, awaitDecided(i, "hello"), "node " + i + " decided 'hello' at the same sequence");
        }

        // An operator changes the batch size in etc/: Karaf restarts every engine over the same connections, and
        // the engines go on deciding together (what follows needs every surviving node's votes).
        for (int i = 0; i < NODES; i++) {
            NodeProcess node = nodes.get(i);
            long starts = engineStarts(node);
            node.configure(PBFT_CFG, "maxBatchSize", "16");
            awaitTrue(() -> engineStarts(node) > starts, DECIDE, "node " + i + "'s engine restarted");
        }

        // kill -9 of a backup: the other three decide, a config change among them.
        int backup = NODES - 1;
        nodes.get(backup).crash();
        int proposer = 1;
        propose(proposer, "config-1", "config",
                "{\"pid\":\"org.aegis.model.orchestrator\",\"properties\":{\"maxTokens\":2048}}");
        List<String> whileBackupDown = List.of("backup-down-1", "backup-down-2", "backup-down-3");
        for (String id : whileBackupDown) {
            propose(proposer, id, "note", "{\"while\":\"backup down\"}");
        }
        for (int i = 0; i < NODES - 1; i++) {
            awaitDecided(i, "backup-down-3");
        }

        // Restarted, the backup catches up with what it missed and applies the config decision too.
        restart(backup);
        for (String id : whileBackupDown) {
            assertEquals(awaitDecided(0, id), awaitDecided(backup, id), id + " at the same sequence after catch-up");
        }
        for (int i = 0; i < NODES; i++) {
            NodeProcess node = nodes.get(i);
            // the console echoes the command and its prompt around the answer: look for the answer's own line
            awaitTrue(() -> shell(node, "config:property-get --pid org.aegis.model.orchestrator maxTokens").lines()
                    .map(String::trim).anyMatch("2048"::equals), DECIDE,
                    "node " + i + " took the config decision (Config Admin)");
        }

        // kill -9 of the primary: a view change, and the other three go on deciding.
        String oldPrimary = primary(proposer);
        int primaryIndex = peerIds.indexOf(oldPrimary);
        nodes.get(primaryIndex).crash();
        int survivor = IntStream.range(0, NODES).filter(i -> i != primaryIndex).findFirst().orElseThrow();
        List<String> whilePrimaryDown = List.of("primary-down-1", "primary-down-2");
        for (String id : whilePrimaryDown) {
            propose(survivor, id, "note", "{\"while\":\"primary down\"}");
        }
        for (int i = 0; i < NODES; i++) {
            if (i != primaryIndex) {
                awaitDecided(i, "primary-down-2");
                JsonNode consensus = consensus(i);
                assertTrue(consensus.get("view").asLong() > 0, "node " + i + " changed view: " + consensus);
                assertNotEquals(oldPrimary, consensus.get("primary").asText());
            }
        }

        // The old primary, restarted, catches up and takes part again: its own proposal is decided by all four.
        restart(primaryIndex);
        for (String id : whilePrimaryDown) {
            assertEquals(awaitDecided(survivor, id), awaitDecided(primaryIndex, id), id + " after catch-up");
        }
        long last = propose(primaryIndex, "back-again", "note", "{\"text\":\"the old primary proposes\"}");
        for (int i = 0; i < NODES; i++) {
            assertEquals(last, awaitDecided(i, "back-again"), "node " + i);
        }

        // Every node holds the same log: identical decisions up to the shortest one, which reaches 'back-again'.
        List<List<String>> logs = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            logs.add(decisions(i).stream().map(ConsensusDistributionIT::summary).toList());
        }
        int common = logs.stream().mapToInt(List::size).min().orElseThrow();
        assertTrue(common >= last, "every log reaches " + last + ": " + common);
        for (int i = 1; i < NODES; i++) {
            assertEquals(logs.get(0).subList(0, common), logs.get(i).subList(0, common), "node " + i + "'s log");
        }
    }

    /** Starts the four as networks of one, learns their peer ids, then joins them into one network. */
    private void startAndJoin() throws Exception {
        Path distribution = Path.of(System.getProperty("aegis.distribution"));
        Path folder = Path.of(System.getProperty("project.build.directory", "target"), "consensus-cluster");
        for (int i = 0; i < NODES; i++) {
            NodeProcess node = NodeProcess.unpack(distribution, folder.resolve("node" + i));
            node.maxHeap("256m");
            node.configure("etc/org.aegis.rest.cfg", "requestsPerMinute", "100000");
            node.configure(PBFT_CFG, "metricsReportIntervalMs", "0");
            nodes.add(node);
        }
        for (NodeProcess node : nodes) {
            node.start();
        }
        for (NodeProcess node : nodes) {
            node.awaitReady(START);
            peerIds.add(JSON.readTree(node.http().get("/api/v1/node", null).body()).get("peer_id").asText());
        }
        for (int i = 0; i < NODES; i++) {
            List<String> bootstrap = new ArrayList<>();
            for (int j = 0; j < NODES; j++) {
                if (j != i) {
                    bootstrap.add("/ip4/127.0.0.1/tcp/" + nodes.get(j).libp2pPort() + "/p2p/" + peerIds.get(j));
                }
            }
            NodeProcess node = nodes.get(i);
            node.configure(LIBP2P_CFG, "bootstrap", String.join(",", bootstrap));
            // Checkpoints every 8 decisions, and signed metrics reports that move the vote weights: the catch-ups
            // below go through stable checkpoints, under changing weight epochs.
            node.configure(PBFT_CFG, Map.of("validators", String.join(",", peerIds), "checkpointInterval", "8",
                    "metricsReportIntervalMs", "10000"));
        }
        List<CompletableFuture<String>> issued = nodes.stream()
                .map(node -> CompletableFuture.supplyAsync(() -> unchecked(node::adminToken))).toList();
        tokens = issued.stream().map(CompletableFuture::join).toList();
        for (int i = 0; i < NODES; i++) {
            int node = i;
            awaitTrue(() -> consensus(node).get("validators").size() == NODES, START,
                    "node " + i + " joined the network of " + NODES);
        }
    }

    private void restart(int i) throws Exception {
        nodes.get(i).start();
        nodes.get(i).awaitReady(START);
    }

    /** Proposes at node {@code at} and waits for the decision; returns its sequence number. */
    private long propose(int at, String id, String kind, String payload) throws Exception {
        Http http = nodes.get(at).http();
        Http.Reply reply = http.post("/api/v1/proposals?wait=" + PROPOSAL_WAIT_SECONDS, tokens.get(at),
                "{\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"payload\":" + payload + "}");
        JsonNode status = JSON.readTree(reply.body());
        long deadline = System.nanoTime() + DECIDE.toNanos();
        while (reply.status() == 202 && !"decided".equals(status.path("state").asText())) {
            if (System.nanoTime() > deadline) {
                fail(id + " not decided at node " + at + " within " + DECIDE + ": " + status + "; " + consensus(at));
            }
            Thread.sleep(250);
            status = JSON.readTree(http.get("/api/v1/proposals/" + id, null).body());
        }
        assertTrue(reply.status() == 201 || reply.status() == 202, id + " at node " + at + ": " + reply);
        assertEquals("decided", status.get("state").asText(), status.toString());
        return status.get("sequence").asLong();
    }

    /** Waits until node i's log holds the proposal; returns its sequence number there. */
    private long awaitDecided(int i, String proposalId) throws Exception {
        long deadline = System.nanoTime() + DECIDE.toNanos();
        while (true) {
            for (JsonNode decision : decisions(i)) {
                if (decision.get("proposal_id").asText().equals(proposalId)) {
                    return decision.get("sequence").asLong();
                }
            }
            if (System.nanoTime() > deadline) {
                fail("node " + i + " did not decide " + proposalId + " within " + DECIDE + ": " + consensus(i)
                        + "; log in " + nodes.get(i).home());
            }
            Thread.sleep(250);
        }
    }

    /** Node i's whole log, in sequence order. */
    private List<JsonNode> decisions(int i) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        while (true) {
            Http.Reply page = nodes.get(i).http().get("/api/v1/decisions?limit=1000&from=" + (all.size() + 1), null);
            assertEquals(200, page.status(), page.body());
            JsonNode decisions = JSON.readTree(page.body());
            decisions.forEach(all::add);
            if (decisions.size() < 1000) {
                return all;
            }
        }
    }

    private static String summary(JsonNode decision) {
        return decision.get("sequence").asLong() + " " + decision.get("proposal_id").asText() + " "
                + decision.get("kind").asText() + " " + decision.get("payload");
    }

    private JsonNode consensus(int i) {
        return unchecked(() -> JSON.readTree(nodes.get(i).http().get("/api/v1/consensus", null).body()));
    }

    private String primary(int i) {
        return consensus(i).get("primary").asText();
    }

    /** How many times the node's PBFT engine started, from its log. */
    private static long engineStarts(NodeProcess node) {
        return node.log().lines().filter(line -> line.contains("PBFT replica ") && line.contains(" started in view "))
                .count();
    }

    private static String shell(NodeProcess node, String command) {
        return unchecked(() -> node.shell(command));
    }

    /** A call to a node, for lambdas: what it throws, unchecked. */
    private interface NodeCall<T> {
        T call() throws IOException, InterruptedException;
    }

    private static <T> T unchecked(NodeCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + timeout + ": " + what);
            }
            Thread.sleep(250);
        }
    }
}
