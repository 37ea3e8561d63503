package org.aegis.transport.memory;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.aegis.api.Registration;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.transport.memory.internal.Network;
import org.aegis.transport.memory.internal.Node;

/**
 * A simulated network on a {@link VirtualTime}: the peers, the link model per ordered pair of peers, partitions,
 * crashes and restarts, Byzantine interceptors and per-link counters. Every fault decision comes from one
 * {@link java.util.SplittableRandom} seeded here, so the same seed and the same simulation give the same run,
 * delivery for delivery.
 *
 * <p>Connections: a dial (or {@link #connect}, {@link #connectAll}, which connect at once) makes a connection the
 * network remembers. A partition, {@link #isolate} or a crash breaks connections: their streams are reset at
 * both ends (the inbound subscribers get an {@link java.io.IOException}) and whatever is in flight on them is
 * lost and counted as dropped. {@link #heal()} restores the remembered connections between live peers, as a
 * connection manager that redials would; a crash forgets the crashed peer's connections, so a restarted
 * peer dials again.
 *
 * <p>Not thread-safe: use it from the thread that drives its {@link VirtualTime}.
 */
public final class MemoryNetwork {
    /** Default flow-control window of a stream, in bytes (Yamux's initial window). */
    public static final int DEFAULT_STREAM_WINDOW = Network.DEFAULT_STREAM_WINDOW;

    private final long seed;
    private final VirtualTime time;
    private final Network network;
    private final Map<String, MemoryTransport> transports = new TreeMap<>();

    public MemoryNetwork(long seed, VirtualTime time) {
        this.seed = seed;
        this.time = Objects.requireNonNull(time, "time");
        this.network = new Network(seed, time.queue(), time.clock());
    }

    public long seed() {
        return seed;
    }

    public VirtualTime time() {
        return time;
    }

    /** Adds a node with this identity's peer id; its address is {@code /memory/<n>/p2p/<peerId>}, n = 1, 2, ... */
    public MemoryTransport transport(NodeIdentity identity) {
        return join(identity.peerId(), identity);
    }

    /** Adds a node known only by a peer id (any non-blank name without '/'). */
    public MemoryTransport transport(String peerId) {
        return join(peerId, null);
    }

    private MemoryTransport join(String peerId, NodeIdentity identity) {
        MemoryTransport transport = new MemoryTransport(network, network.join(peerId), identity);
        transports.put(peerId, transport);
        return transport;
    }

    /** The current transport of a peer (the latest after a restart). */
    public MemoryTransport transportOf(String peerId) {
        network.node(peerId);
        return transports.get(peerId);
    }

    /** Every peer ever added, sorted. */
    public List<String> peerIds() {
        return network.peerIds();
    }

    /** Connects two live peers at once, without the dial's round trip (for setting a simulation up). */
    public void connect(String a, String b) {
        network.connect(a, b);
    }

    /** Connects every pair of live peers at once. */
    public void connectAll() {
        network.connectAll();
    }

    // ---- link model

    /** The conditions of links without their own; initially {@link LinkConditions#DEFAULT}. */
    public LinkConditions defaultConditions() {
        return network.defaultConditions();
    }

    public void setDefaultConditions(LinkConditions conditions) {
        network.setDefaultConditions(conditions);
    }

    /** The conditions messages from {@code from} to {@code to} meet now. */
    public LinkConditions conditions(String from, String to) {
        return network.conditions(new Link(from, to));
    }

    /** Overrides the conditions of one direction. */
    public void setConditions(String from, String to, LinkConditions conditions) {
        network.setConditions(new Link(from, to), conditions);
    }

    /** Overrides the conditions of both directions between two peers. */
    public void setConditionsBothWays(String a, String b, LinkConditions conditions) {
        setConditions(a, b, conditions);
        setConditions(b, a, conditions);
    }

    /** Back to the network-wide defaults for one direction. */
    public void clearConditions(String from, String to) {
        network.clearConditions(new Link(from, to));
    }

    /** The flow-control window of streams opened from now on; {@link #DEFAULT_STREAM_WINDOW} until set. */
    public void setStreamWindow(int bytes) {
        network.setStreamWindow(bytes);
    }

    // ---- faults

    /**
     * Splits the network: peers in different groups cannot reach each other, and their connections break.
     * Peers named in no group form one more group together. Replaces any earlier partition (not isolation).
     */
    @SafeVarargs
    public final void partition(Set<String>... groups) {
        network.partition(Arrays.asList(groups));
    }

    /** Cuts one peer off from every other until {@link #heal()}. */
    public void isolate(String peerId) {
        network.isolate(peerId);
    }

    /** Ends every partition and isolation and restores the connections they broke. */
    public void heal() {
        network.heal();
    }

    /** Whether a partition or isolation lets {@code a} and {@code b} talk. */
    public boolean reachable(String a, String b) {
        return network.reachable(a, b);
    }

    /**
     * Crashes a peer: its connections break (streams reset at both ends, in-flight messages lost), its handlers
     * and subscriptions are gone and its transport fails every further call. The simulation should also stop the
     * crashed component's timers, e.g. with {@code shutdownNow()} on its {@link VirtualTime#newExecutor()}.
     */
    public void crash(String peerId) {
        network.crash(peerId);
    }

    /** Brings a crashed peer back: a new transport with the same identity and address and nothing registered. */
    public MemoryTransport restart(String peerId) {
        MemoryTransport old = transportOf(peerId);
        Node node = network.restart(peerId);
        MemoryTransport transport = new MemoryTransport(network, node, old.identity().orElse(null));
        transports.put(peerId, transport);
        return transport;
    }

    /**
     * Puts an interceptor on every data message (stream message or pubsub delivery) {@code peerId} sends, before
     * the link's faults: for Byzantine tests. One per peer; setting another replaces it.
     *
     * @return closing it removes the interceptor
     */
    public Registration intercept(String peerId, Interceptor interceptor) {
        return network.intercept(peerId, interceptor);
    }

    // ---- observation

    /** Counts of data messages from {@code from} to {@code to}. */
    public LinkStats stats(String from, String to) {
        return network.stats(new Link(from, to));
    }

    /** Counts of every link that carried something, sorted by link. */
    public Map<Link, LinkStats> stats() {
        return network.stats();
    }

    public LinkStats totalStats() {
        return network.totalStats();
    }

    /** Tells {@code listener} what happens to every data message (sent, dropped, duplicated, delivered). */
    public Registration trace(Consumer<NetworkEvent> listener) {
        return network.trace(listener);
    }

    @Override
    public String toString() {
        return "MemoryNetwork[seed " + seed + ", " + transports.size() + " peers, " + time + "]";
    }
}
