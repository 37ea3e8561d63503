package org.aegis.consensus.pbft;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.metrics.WeightProvider;
import org.aegis.api.transport.Transport;
import org.aegis.consensus.pbft.testing.OutboundFilter;
import org.aegis.testing.InMemoryStore;
import org.aegis.testing.MutableClock;
import org.aegis.testing.VirtualScheduler;

/** n replicas on one virtual-time scheduler and one {@link TestNetwork}, with what each delivered. */
final class Cluster {
    /** Checkpoint every 4, pipeline of 4, short timers: scenarios reach checkpoints and view changes quickly. */
    static PbftConfig testConfig(List<String> validators) {
        return new PbftConfig(validators, 8, Duration.ofMillis(5), 4, 4, Duration.ofMillis(200), Duration.ofSeconds(5),
                Duration.ofMillis(100), PbftConfig.DEFAULT_MAX_PROPOSALS_IN_FLIGHT);
    }

    /** docs/metrics.md §5's base formula 100 + round(200·C), without the cap: the replica must enforce it itself. */
    static final WeightProvider UNCAPPED_FORMULA = levels -> levels.stream()
            .map(c -> 100 + (int) Math.floor(200 * Math.max(0, Math.min(1, c)) + 0.5)).toList();

    final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    final VirtualScheduler scheduler = new VirtualScheduler(clock);
    final TestNetwork network = new TestNetwork(scheduler);
    final List<String> ids;
    final PbftConfig config;
    private final WeightProvider weights;
    private final Map<String, PublicKey> directory = new HashMap<>();
    private final Map<String, TestIdentity> identities = new LinkedHashMap<>();
    private final Map<String, InMemoryStore> stores = new HashMap<>();
    private final Map<String, Replica> replicas = new HashMap<>();
    private final Map<String, List<Decision>> delivered = new HashMap<>();

    Cluster(int n) {
        this(n, UNCAPPED_FORMULA);
    }

    Cluster(int n, WeightProvider weights) {
        this(n, weights, Cluster::testConfig);
    }

    Cluster(int n, WeightProvider weights, Function<List<String>, PbftConfig> configuration) {
        this(n, n, weights, configuration);
    }

    /**
     * n nodes of which the first {@code genesis} are the validator set they all start from; the others follow the
     * network as a node does before a decision makes it a validator.
     */
    Cluster(int n, int genesis) {
        this(n, genesis, UNCAPPED_FORMULA, Cluster::testConfig);
    }

    private Cluster(int n, int genesis, WeightProvider weights, Function<List<String>, PbftConfig> configuration) {
        this.ids = IntStream.range(0, n).mapToObj(i -> "node-" + i).toList();
        this.config = configuration.apply(n == 1 ? List.of() : ids.subList(0, genesis));
        this.weights = weights;
        for (int i = 0; i < n; i++) {
            identities.put(ids.get(i), new TestIdentity(ids.get(i), directory, 1000 + i));
            stores.put(ids.get(i), new InMemoryStore());
            delivered.put(ids.get(i), new ArrayList<>());
        }
        ids.forEach(this::start);
        settle();
    }

    /** An identity outside the validator set whose key every node can still check. */
    TestIdentity outsider(String peerId) {
        return new TestIdentity(peerId, directory, peerId.hashCode());
    }

    TestIdentity identity(int i) {
        return identities.get(ids.get(i));
    }

    Replica replica(int i) {
        return replicas.get(ids.get(i));
    }

    /**
     * Every frame node i sends from now on passes through {@code filter} on its way to the network. The filter belongs
     * to the node's link, not to its replica: it stays across restarts.
     */
    void filter(int i, OutboundFilter filter) {
        network.filter(ids.get(i), filter);
    }

    InMemoryStore store(int i) {
        return stores.get(ids.get(i));
    }

    List<Decision> delivered(int i) {
        return delivered.get(ids.get(i));
    }

    private void start(String id) {
        start(id, network.endpoint(id));
    }

    private void start(String id, Transport transport) {
        Replica r = new Replica(identities.get(id), transport, stores.get(id), scheduler, clock, config, weights);
        r.onDecision(delivered.get(id)::add);
        replicas.put(id, r);
        r.start();
    }

    /** Kills node i: its replica stops, its streams reset, nobody reaches it. */
    void crash(int i) {
        replica(i).stop();
        network.down(ids.get(i));
        settle();
    }

    /** Starts a fresh replica for node i on the store the crashed one left. */
    void restart(int i) {
        network.up(ids.get(i));
        start(ids.get(i));
    }

    /**
     * Stops node i's replica and starts a fresh one over the same transport, its connections untouched: what a
     * configuration change does to the engine component.
     */
    void restartInPlace(int i) {
        replica(i).stop();
        start(ids.get(i));
    }

    /** Starts a fresh replica for node i while nobody can reach it yet, as over a transport still connecting. */
    void restartUnreachable(int i) {
        start(ids.get(i));
    }

    /** Starts a fresh replica for node i with no transport, as when the engine starts before the transport. */
    void restartWithoutTransport(int i) {
        network.up(ids.get(i));
        start(ids.get(i), null);
    }

    void bindTransport(int i) {
        replica(i).bindTransport(network.endpoint(ids.get(i)));
    }

    void reachable(int i) {
        network.up(ids.get(i));
    }

    CompletableFuture<Decision> propose(int node, String id) {
        return replica(node).propose(new Proposal(id, "test", id.getBytes(StandardCharsets.UTF_8), ids.get(node)))
                .toCompletableFuture();
    }

    boolean runUntil(BooleanSupplier done, Duration limit) {
        return scheduler.runUntil(done, limit);
    }

    void run(Duration d) {
        scheduler.runFor(d);
    }

    /** Runs what is due now and what the network carries within a few latencies. */
    void settle() {
        scheduler.runFor(Duration.ofMillis(10));
    }

    /** The proposal ids node i delivered, in order. */
    List<String> order(int i) {
        return delivered(i).stream().map(d -> d.proposal().id()).toList();
    }
}
