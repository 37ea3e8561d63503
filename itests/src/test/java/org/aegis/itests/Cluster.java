package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * Distributions, each its own process, joined into one consensus network over the libp2p transport on loopback,
 * and what tests ask of it: proposals, decisions, the consensus state.
 *
 * <p>Peer ids are made at a node's first start, and every node needs them all (validators, bootstrap peers). So
 * the nodes start as networks of one (deciding nothing: no metrics reports yet); once their peer ids are known, the
 * validators and bootstrap lists are written into their {@code etc/*.cfg} and Karaf applies them to the running
 * nodes, as an operator editing those files would, with no restart.
 */
final class Cluster implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration START = Duration.ofSeconds(240);
    static final Duration DECIDE = Duration.ofSeconds(90);
    static final String PBFT_CFG = "etc/org.aegis.consensus.pbft.cfg";
    static final String LIBP2P_CFG = "etc/org.aegis.transport.libp2p.cfg";
    /** Below the HTTP client's 20 s request timeout; a proposal still pending then is polled. */
    private static final int PROPOSAL_WAIT_SECONDS = 15;

    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<String> peerIds = new ArrayList<>();
    private final List<String> tokens = new ArrayList<>();
    private final Path folder;
    private final NodeSetup setup;
    private final Map<String, String> pbft;
    /** The validators every node starts from: the nodes of {@link #start}. */
    private List<String> genesis;

    private Cluster(Path folder, NodeSetup setup, Map<String, String> pbft) {
        this.folder = folder;
        this.setup = setup;
        this.pbft = Map.copyOf(pbft);
    }

    /** What a test writes into node {@code index}'s folder before its first start. */
    interface NodeSetup {
        void prepare(int index, NodeProcess node) throws IOException;
    }

    /**
     * Unpacks {@code size} distributions under {@code target/<name>}, lets {@code configure} prepare each before its
     * first start, starts them and joins them into one network.
     *
     * @param pbft settings of the consensus engine once joined, besides its validators
     */
    static Cluster start(String name, int size, Map<String, String> pbft, NodeSetup configure)
            throws Exception {
        Cluster cluster = new Cluster(Path.of(System.getProperty("project.build.directory", "target"), name), configure,
                pbft);
        try {
            for (int i = 0; i < size; i++) {
                cluster.nodes.add(cluster.unpack(i));
            }
            cluster.join();
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private NodeProcess unpack(int index) throws IOException, InterruptedException {
        NodeProcess node = NodeProcess.unpack(Path.of(System.getProperty("aegis.distribution")),
                folder.resolve("node" + index));
        node.maxHeap("256m");
        node.configure("etc/org.aegis.rest.cfg", "requestsPerMinute", "100000");
        node.configure(PBFT_CFG, "metricsReportIntervalMs", "0");
        setup.prepare(index, node);
        return node;
    }

    /**
     * Starts one more node as a follower, as an operator would before a decision adds it to the validators: with
     * the network's genesis validators and its engine settings, its transport connected to every node. Returns its
     * index.
     */
    int addFollower() throws Exception {
        int index = nodes.size();
        NodeProcess node = unpack(index);
        nodes.add(node);
        node.start();
        node.awaitReady(START);
        peerIds.add(JSON.readTree(node.http().get("/api/v1/node", null).body()).get("peer_id").asText());
        List<String> bootstrap = new ArrayList<>();
        for (int j = 0; j < index; j++) {
            bootstrap.add("/ip4/127.0.0.1/tcp/" + nodes.get(j).libp2pPort() + "/p2p/" + peerIds.get(j));
        }
        node.configure(LIBP2P_CFG, "bootstrap", String.join(",", bootstrap));
        awaitTrue(() -> networkStatus(node).path("peers").size() >= index, START,
                "node " + index + " connected to the other " + index);
        Map<String, String> settings = new LinkedHashMap<>(pbft);
        settings.put("validators", String.join(",", genesis));
        node.configure(PBFT_CFG, settings);
        tokens.add(node.adminToken());
        awaitTrue(() -> consensus(index).get("validators").size() == genesis.size(), START,
                "node " + index + " follows the network of " + genesis.size());
        return index;
    }

    private void join() throws Exception {
        for (NodeProcess node : nodes) {
            node.start();
        }
        for (NodeProcess node : nodes) {
            node.awaitReady(START);
            peerIds.add(JSON.readTree(node.http().get("/api/v1/node", null).body()).get("peer_id").asText());
        }
        for (int i = 0; i < nodes.size(); i++) {
            List<String> bootstrap = new ArrayList<>();
            for (int j = 0; j < nodes.size(); j++) {
                if (j != i) {
                    bootstrap.add("/ip4/127.0.0.1/tcp/" + nodes.get(j).libp2pPort() + "/p2p/" + peerIds.get(j));
                }
            }
            nodes.get(i).configure(LIBP2P_CFG, "bootstrap", String.join(",", bootstrap));
        }
        // One configuration change at a time per node: the transports reconnect before the engines restart.
        for (int i = 0; i < nodes.size(); i++) {
            NodeProcess node = nodes.get(i);
            try {
                awaitTrue(() -> networkStatus(node).path("peers").size() >= nodes.size() - 1, START,
                        "node " + i + " connected to the other " + (nodes.size() - 1));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + transportDiagnostics(), e);
            }
        }
        genesis = List.copyOf(peerIds);
        for (NodeProcess node : nodes) {
            Map<String, String> settings = new LinkedHashMap<>(pbft);
            settings.put("validators", String.join(",", genesis));
            node.configure(PBFT_CFG, settings);
        }
        List<CompletableFuture<String>> issued = nodes.stream()
                .map(node -> CompletableFuture.supplyAsync(() -> unchecked(node::adminToken))).toList();
        issued.stream().map(CompletableFuture::join).forEach(tokens::add);
        for (int i = 0; i < nodes.size(); i++) {
            int node = i;
            awaitTrue(() -> consensus(node).get("validators").size() == nodes.size(), START,
                    "node " + i + " joined the network of " + nodes.size());
        }
    }

    int size() {
        return nodes.size();
    }

    NodeProcess node(int i) {
        return nodes.get(i);
    }

    String peerId(int i) {
        return peerIds.get(i);
    }

    List<String> peerIds() {
        return List.copyOf(peerIds);
    }

    /** Node i's initial admin token. */
    String token(int i) {
        return tokens.get(i);
    }

    void restart(int i) throws Exception {
        nodes.get(i).start();
        nodes.get(i).awaitReady(START);
    }

    /** Proposes at node {@code at} and waits for the decision; returns its sequence number. */
    long propose(int at, String id, String kind, String payload) throws Exception {
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
    long awaitDecided(int i, String proposalId) throws Exception {
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
    List<JsonNode> decisions(int i) throws Exception {
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

    JsonNode consensus(int i) {
        return unchecked(() -> JSON.readTree(nodes.get(i).http().get("/api/v1/consensus", null).body()));
    }

    String primary(int i) {
        return consensus(i).get("primary").asText();
    }

    String shell(int i, String command) {
        return unchecked(() -> nodes.get(i).shell(command));
    }

    /** Kills every node ({@code kill -9}): tests leave no process behind. */
    @Override
    public void close() throws InterruptedException {
        for (NodeProcess node : nodes) {
            node.crash();
        }
    }

    /** A call to a node, for lambdas: what it throws, unchecked. */
    interface NodeCall<T> {
        T call() throws IOException, InterruptedException;
    }

    static <T> T unchecked(NodeCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode networkStatus(NodeProcess node) {
        return unchecked(() -> JSON.readTree(node.http().get("/api/network/status", null).body()));
    }

    /** Every node's peers and the last transport lines of its log, to tell why a network did not form. */
    private String transportDiagnostics() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProcess node = nodes.get(i);
            out.append("\n--- node ").append(i).append(", network status: ");
            try {
                out.append(networkStatus(node));
            } catch (RuntimeException e) {
                out.append("(status unavailable: ").append(e).append(')');
            }
            List<String> lines = node.log().lines()
                    .filter(line -> line.contains("libp2p") || line.contains("WARN") || line.contains("ERROR"))
                    .toList();
            lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(line -> out.append('\n').append(line));
        }
        return out.toString();
    }

    static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + timeout + ": " + what);
            }
            Thread.sleep(250);
        }
    }
}
