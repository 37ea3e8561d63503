package org.aegis.transport.memory.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.aegis.api.Registration;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.Stream;
import org.aegis.api.transport.StreamHandler;
import org.aegis.transport.memory.Interceptor;
import org.aegis.transport.memory.Link;
import org.aegis.transport.memory.LinkConditions;
import org.aegis.transport.memory.LinkStats;
import org.aegis.transport.memory.NetworkEvent;

/**
 * The simulated network: nodes, connections, the link model, partitions and crashes. Every random choice
 * comes from one generator seeded at construction, drawn in an order fixed by the simulation's events, so a
 * seed replays a run exactly. Not thread-safe: drive it from the thread that drives its {@link TaskQueue}.
 */
public final class Network {
    public static final int DEFAULT_STREAM_WINDOW = 256 * 1024;
    /** Peers named in no partition group share this one. */
    private static final int REST = -1;

    private final SplittableRandom random;
    private final TaskQueue queue;
    private final Clock clock;
    private final Map<String, Node> nodes = new TreeMap<>();
    private final Map<Long, String> peerByPort = new HashMap<>();
    private final Map<Link, LinkConditions> overrides = new HashMap<>();
    private final Map<Link, LinkCounters> counters = new HashMap<>();
    private final Map<String, Interceptor> interceptors = new HashMap<>();
    private final Map<String, Integer> groups = new HashMap<>();
    private final Set<String> isolated = new HashSet<>();
    /** Connections made by a dial or connect, as sorted links: a partition breaks them, healing restores them. */
    private final Set<Link> wanted = new LinkedHashSet<>();
    private final List<Consumer<NetworkEvent>> listeners = new CopyOnWriteArrayList<>();
    private LinkConditions defaults = LinkConditions.DEFAULT;
    private int streamWindow = DEFAULT_STREAM_WINDOW;

    public Network(long seed, TaskQueue queue, Clock clock) {
        this.random = new SplittableRandom(seed);
        this.queue = queue;
        this.clock = clock;
    }

    // ---- membership

    public Node join(String peerId) {
        Node.requireName(peerId, "peerId");
        if (peerId.contains("/")) {
            throw new IllegalArgumentException("a peer id cannot contain '/': " + peerId);
        }
        Node existing = nodes.get(peerId);
        if (existing != null) {
            throw new IllegalStateException(peerId + " is already on this network"
                    + (existing.isCrashed() ? "; restart it instead" : ""));
        }
        long port = peerByPort.size() + 1L;
        peerByPort.put(port, peerId);
        Node node = new Node(peerId, port);
        nodes.put(peerId, node);
        return node;
    }

    /** The current incarnation of a peer. */
    public Node node(String peerId) {
        Node node = nodes.get(peerId);
        if (node == null) {
            throw new IllegalArgumentException("no peer " + peerId + " on this network");
        }
        return node;
    }

    public List<String> peerIds() {
        return List.copyOf(nodes.keySet());
    }

    public void crash(String peerId) {
        Node node = node(peerId);
        node.requireAlive();
        node.crash();
        for (Connection connection : List.copyOf(node.connections.values())) {
            disconnect(connection, "crashed");
        }
        wanted.removeIf(link -> link.from().equals(peerId) || link.to().equals(peerId));
    }

    /** A new incarnation of a crashed peer, on the same address, with no handler, subscription or connection. */
    public Node restart(String peerId) {
        Node old = node(peerId);
        if (!old.isCrashed()) {
            throw new IllegalStateException(peerId + " is running; crash it before restarting it");
        }
        Node node = new Node(peerId, old.port());
        nodes.put(peerId, node);
        return node;
    }

    // ---- link model

    public LinkConditions defaultConditions() {
        return defaults;
    }

    public void setDefaultConditions(LinkConditions conditions) {
        defaults = Objects.requireNonNull(conditions, "conditions");
    }

    public LinkConditions conditions(Link link) {
        return overrides.getOrDefault(link, defaults);
    }

    public void setConditions(Link link, LinkConditions conditions) {
        overrides.put(link, Objects.requireNonNull(conditions, "conditions"));
    }

    public void clearConditions(Link link) {
        overrides.remove(link);
    }

    public int streamWindow() {
        return streamWindow;
    }

    public void setStreamWindow(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("the stream window must be positive: " + bytes);
        }
        streamWindow = bytes;
    }

    private LinkConditions conditions(Node from, Node to) {
        return overrides.isEmpty() ? defaults : conditions(new Link(from.peerId(), to.peerId()));
    }

    /** Latency plus jitter: what an ordered frame takes. */
    private long delay(LinkConditions conditions) {
        long delay = conditions.latency().toNanos();
        long jitter = conditions.jitter().toNanos();
        return jitter > 0 ? delay + random.nextLong(jitter + 1) : delay;
    }

    /** What a datagram takes: maybe held back to be overtaken. */
    private long datagramDelay(LinkConditions conditions) {
        long delay = delay(conditions);
        if (conditions.reorderRate() > 0 && random.nextDouble() < conditions.reorderRate()) {
            delay += random.nextLong(conditions.reorderDelay().toNanos() + 1);
        }
        return delay;
    }

    private static boolean chance(SplittableRandom random, double probability) {
        return probability > 0 && random.nextDouble() < probability;
    }

    private Duration baseRoundTrip(Node a, Node b) {
        return conditions(a, b).latency().plus(conditions(b, a).latency());
    }

    // ---- topology

    public void connect(String a, String b) {
        Node first = node(a);
        Node second = node(b);
        if (first == second) {
            throw new IllegalArgumentException("a peer cannot connect to itself: " + a);
        }
        first.requireAlive();
        second.requireAlive();
        wanted.add(sorted(first, second));
        reconcile();
    }

    public void connectAll() {
        List<Node> alive = nodes.values().stream().filter(node -> !node.isCrashed()).toList();
        for (int i = 0; i < alive.size(); i++) {
            for (int j = i + 1; j < alive.size(); j++) {
                wanted.add(sorted(alive.get(i), alive.get(j)));
            }
        }
        reconcile();
    }

    public void partition(List<Set<String>> newGroups) {
        Map<String, Integer> assignment = new HashMap<>();
        for (int i = 0; i < newGroups.size(); i++) {
            for (String peerId : newGroups.get(i)) {
                node(peerId);
                Integer previous = assignment.put(peerId, i);
                if (previous != null) {
                    throw new IllegalArgumentException(peerId + " is in two partition groups");
                }
            }
        }
        groups.clear();
        groups.putAll(assignment);
        reconcile();
    }

    public void isolate(String peerId) {
        node(peerId);
        isolated.add(peerId);
        reconcile();
    }

    public void heal() {
        groups.clear();
        isolated.clear();
        reconcile();
    }

    public boolean reachable(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        return !isolated.contains(a) && !isolated.contains(b)
                && groups.getOrDefault(a, REST).equals(groups.getOrDefault(b, REST));
    }

    /** Brings every wanted connection in line with crashes and partitions: break what is cut, restore what is healed. */
    private void reconcile() {
        for (Link link : List.copyOf(wanted)) {
            Node a = nodes.get(link.from());
            Node b = nodes.get(link.to());
            Connection connection = a.connections.get(b.peerId());
            boolean possible = !a.isCrashed() && !b.isCrashed() && reachable(a.peerId(), b.peerId());
            if (connection != null && !possible) {
                disconnect(connection, "lost (partition)");
            } else if (connection == null && possible) {
                establish(a, b);
            }
        }
    }

    private Connection establish(Node a, Node b) {
        Connection connection = new Connection(a, b, counters(a, b), counters(b, a));
        a.connections.put(b.peerId(), connection);
        b.connections.put(a.peerId(), connection);
        wanted.add(sorted(a, b));
        return connection;
    }

    private void disconnect(Connection connection, String reason) {
        Node a = connection.first;
        Node b = connection.second;
        a.connections.remove(b.peerId(), connection);
        b.connections.remove(a.peerId(), connection);
        for (MemoryStream stream : connection.close()) {
            stream.resetLocally(new IOException("connection between " + a.peerId() + " and " + b.peerId() + " " + reason));
        }
    }

    private static Link sorted(Node a, Node b) {
        return a.peerId().compareTo(b.peerId()) < 0 ? new Link(a.peerId(), b.peerId()) : new Link(b.peerId(), a.peerId());
    }

    // ---- transport operations

    public CompletionStage<PeerInfo> dial(Node from, Multiaddr address) {
        try {
            from.requireAlive();
            String target = resolve(MemoryAddress.parse(Objects.requireNonNull(address, "address")));
            if (target.equals(from.peerId())) {
                throw new IllegalArgumentException(from.peerId() + " cannot dial itself");
            }
            Connection existing = from.connections.get(target);
            if (existing != null) {
                return CompletableFuture.completedFuture(peerInfo(from, existing));
            }
            Node to = node(target);
            if (to.isCrashed() || !reachable(from.peerId(), target)) {
                throw new ConnectException("cannot reach " + address + " from " + from.peerId());
            }
            CompletableFuture<PeerInfo> dialed = new CompletableFuture<>();
            long handshake = delay(conditions(from, to)) + delay(conditions(to, from));
            queue.schedule(handshake, () -> completeDial(from, target, address, dialed));
            return dialed;
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void completeDial(Node from, String target, Multiaddr address, CompletableFuture<PeerInfo> dialed) {
        Node to = nodes.get(target);
        if (from.isCrashed()) {
            dialed.completeExceptionally(new IllegalStateException(from.peerId() + " crashed while dialing " + address));
        } else if (to.isCrashed() || !reachable(from.peerId(), target)) {
            dialed.completeExceptionally(new ConnectException("lost " + address + " while dialing from " + from.peerId()));
        } else {
            Connection connection = from.connections.get(target);
            dialed.complete(peerInfo(from, connection != null ? connection : establish(from, to)));
        }
    }

    private String resolve(MemoryAddress address) throws ConnectException {
        if (address.port() == 0) {
            if (!nodes.containsKey(address.peerId())) {
                throw new ConnectException("no peer " + address.peerId() + " on this network");
            }
            return address.peerId();
        }
        String peerId = peerByPort.get(address.port());
        if (peerId == null) {
            throw new ConnectException("nothing listens on /memory/" + address.port());
        }
        if (address.peerId() != null && !address.peerId().equals(peerId)) {
            throw new ConnectException("/memory/" + address.port() + " is " + peerId + ", not " + address.peerId());
        }
        return peerId;
    }

    public List<PeerInfo> peers(Node node) {
        if (node.isCrashed()) {
            return List.of();
        }
        List<PeerInfo> peers = new ArrayList<>(node.connections.size());
        for (Connection connection : node.connections.values()) {
            peers.add(peerInfo(node, connection));
        }
        return peers;
    }

    private PeerInfo peerInfo(Node node, Connection connection) {
        Node peer = connection.other(node);
        return new PeerInfo(peer.peerId(), List.of(peer.address()), peer.protocols(), baseRoundTrip(node, peer));
    }

    public CompletionStage<Stream> openStream(Node from, String peerId, String protocolId) {
        try {
            from.requireAlive();
            Node.requireName(protocolId, "protocolId");
            Connection connection = connected(from, peerId);
            Node to = connection.other(from);
            CompletableFuture<Stream> opened = new CompletableFuture<>();
            Runnable lost = () -> opened.completeExceptionally(
                    new ConnectException("connection to " + peerId + " lost while opening " + protocolId));
            sendControl(connection, from, () -> {
                StreamHandler handler = to.handler(protocolId);
                if (handler == null) {
                    sendControl(connection, to, () -> opened.completeExceptionally(
                            new IOException(peerId + " does not handle " + protocolId)), lost);
                    return;
                }
                MemoryStream opener = new MemoryStream(this, connection, from, protocolId, streamWindow);
                MemoryStream responder = new MemoryStream(this, connection, to, protocolId, streamWindow);
                MemoryStream.pair(opener, responder);
                connection.add(opener);
                connection.add(responder);
                sendControl(connection, to, () -> opened.complete(opener), lost);
                handler.onStream(responder);
            }, lost);
            return opened;
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletionStage<Duration> ping(Node from, String peerId) {
        try {
            from.requireAlive();
            Connection connection = connected(from, peerId);
            Node to = connection.other(from);
            CompletableFuture<Duration> pong = new CompletableFuture<>();
            Runnable lost = () -> pong.completeExceptionally(new ConnectException("connection to " + peerId + " lost during ping"));
            long start = queue.now();
            sendControl(connection, from, () -> sendControl(connection, to,
                    () -> pong.complete(Duration.ofNanos(queue.now() - start)), lost), lost);
            return pong;
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static Connection connected(Node from, String peerId) throws ConnectException {
        Connection connection = from.connections.get(Objects.requireNonNull(peerId, "peerId"));
        if (connection == null) {
            throw new ConnectException(from.peerId() + " is not connected to " + peerId);
        }
        return connection;
    }

    /** One hop to every connected peer subscribed to the topic (in peer id order), each delivery meeting the link's faults. */
    public CompletionStage<Void> publish(Node from, String topic, byte[] data) {
        try {
            from.requireAlive();
            Node.requireName(topic, "topic");
            byte[] message = Objects.requireNonNull(data, "data").clone();
            for (Connection connection : List.copyOf(from.connections.values())) {
                Node to = connection.other(from);
                if (!to.subscribes(topic)) {
                    continue;
                }
                LinkConditions conditions = conditions(from, to);
                LinkCounters counts = connection.counters(from);
                for (byte[] payload : intercept(from, to, topic, message)) {
                    counts.sent++;
                    emit(NetworkEvent.Kind.SENT, from, to, topic, payload);
                    if (chance(random, conditions.dropRate())) {
                        counts.dropped++;
                        emit(NetworkEvent.Kind.DROPPED, from, to, topic, payload);
                        continue;
                    }
                    schedulePubSub(connection, from, to, topic, payload, datagramDelay(conditions), counts);
                    if (chance(random, conditions.duplicateRate())) {
                        counts.duplicated++;
                        emit(NetworkEvent.Kind.DUPLICATED, from, to, topic, payload);
                        schedulePubSub(connection, from, to, topic, payload, datagramDelay(conditions), counts);
                    }
                }
            }
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void schedulePubSub(Connection connection, Node from, Node to, String topic, byte[] payload, long delay,
                                LinkCounters counts) {
        queue.schedule(delay, () -> {
            if (!connection.isOpen()) {
                counts.dropped++;
                emit(NetworkEvent.Kind.DROPPED, from, to, topic, payload);
                return;
            }
            counts.delivered++;
            emit(NetworkEvent.Kind.DELIVERED, from, to, topic, payload);
            to.deliver(topic, from.peerId(), payload);
        });
    }

    /**
     * Puts one stream write on the wire (after the sender's interceptor).
     *
     * @return the flow-control credit it takes: the bytes of the copies that will arrive, duplicates excepted
     */
    long sendData(MemoryStream stream, byte[] data) {
        Connection connection = stream.connection();
        Node from = stream.local();
        Node to = stream.remoteNode();
        String protocol = stream.protocol();
        LinkConditions conditions = conditions(from, to);
        LinkCounters counts = connection.counters(from);
        long credit = 0;
        for (byte[] payload : intercept(from, to, protocol, data)) {
            counts.sent++;
            emit(NetworkEvent.Kind.SENT, from, to, protocol, payload);
            if (!conditions.unreliableStreams()) {
                credit += payload.length;
                scheduleData(stream, payload, payload.length,
                        connection.orderedArrival(from, queue.now(), delay(conditions)), counts);
                continue;
            }
            if (chance(random, conditions.dropRate())) {
                counts.dropped++;
                emit(NetworkEvent.Kind.DROPPED, from, to, protocol, payload);
                continue;
            }
            credit += payload.length;
            scheduleData(stream, payload, payload.length, queue.now() + datagramDelay(conditions), counts);
            if (chance(random, conditions.duplicateRate())) {
                counts.duplicated++;
                emit(NetworkEvent.Kind.DUPLICATED, from, to, protocol, payload);
                scheduleData(stream, payload, 0, queue.now() + datagramDelay(conditions), counts);
            }
        }
        return credit;
    }

    private void scheduleData(MemoryStream stream, byte[] payload, int credit, long at, LinkCounters counts) {
        stream.noteDataArrival(at);
        MemoryStream receiver = stream.remote();
        queue.scheduleAt(at, () -> {
            Node from = stream.local();
            Node to = receiver.local();
            if (!stream.connection().isOpen() || receiver.isReset()) {
                counts.dropped++;
                emit(NetworkEvent.Kind.DROPPED, from, to, stream.protocol(), payload);
                return;
            }
            counts.delivered++;
            emit(NetworkEvent.Kind.DELIVERED, from, to, stream.protocol(), payload);
            receiver.push(payload.clone(), credit);
        });
    }

    /** The end of a stream's half, after every message sent before it (even held-back ones). */
    void sendEnd(MemoryStream stream) {
        Connection connection = stream.connection();
        long ordered = connection.orderedArrival(stream.local(), queue.now(),
                delay(conditions(stream.local(), stream.remoteNode())));
        MemoryStream receiver = stream.remote();
        queue.scheduleAt(Math.max(ordered, stream.lastDataArrival()), () -> {
            if (connection.isOpen()) {
                receiver.endArrived();
            }
        });
    }

    void sendControl(Connection connection, Node from, Runnable onArrival) {
        sendControl(connection, from, onArrival, () -> { });
    }

    /** A reliable, ordered frame; {@code onLost} runs instead at its arrival time if the connection broke meanwhile. */
    void sendControl(Connection connection, Node from, Runnable onArrival, Runnable onLost) {
        long at = connection.orderedArrival(from, queue.now(), delay(conditions(from, connection.other(from))));
        queue.scheduleAt(at, () -> (connection.isOpen() ? onArrival : onLost).run());
    }

    private List<byte[]> intercept(Node from, Node to, String channel, byte[] payload) {
        Interceptor interceptor = interceptors.get(from.peerId());
        if (interceptor == null) {
            return List.of(payload);
        }
        List<byte[]> out = interceptor.intercept(from.peerId(), to.peerId(), channel, payload);
        Objects.requireNonNull(out, "the interceptor of " + from.peerId() + " returned null");
        for (byte[] message : out) {
            Objects.requireNonNull(message, "the interceptor of " + from.peerId() + " returned a null message");
        }
        return out;
    }

    // ---- Byzantine hooks, counters, traces

    /** Sets the interceptor of every data message {@code peerId} sends (replacing any previous one). */
    public Registration intercept(String peerId, Interceptor interceptor) {
        node(peerId);
        Objects.requireNonNull(interceptor, "interceptor");
        interceptors.put(peerId, interceptor);
        return () -> interceptors.remove(peerId, interceptor);
    }

    private LinkCounters counters(Node from, Node to) {
        return counters.computeIfAbsent(new Link(from.peerId(), to.peerId()), link -> new LinkCounters());
    }

    public LinkStats stats(Link link) {
        LinkCounters counts = counters.get(link);
        return counts == null ? LinkStats.ZERO : counts.snapshot();
    }

    public Map<Link, LinkStats> stats() {
        Map<Link, LinkStats> snapshot = new TreeMap<>();
        counters.forEach((link, counts) -> snapshot.put(link, counts.snapshot()));
        return snapshot;
    }

    public LinkStats totalStats() {
        LinkStats total = LinkStats.ZERO;
        for (LinkCounters counts : counters.values()) {
            total = total.plus(counts.snapshot());
        }
        return total;
    }

    public Registration trace(Consumer<NetworkEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void emit(NetworkEvent.Kind kind, Node from, Node to, String channel, byte[] payload) {
        if (listeners.isEmpty()) {
            return;
        }
        NetworkEvent event = new NetworkEvent(clock.instant(), kind, from.peerId(), to.peerId(), channel, payload);
        for (Consumer<NetworkEvent> listener : listeners) {
            listener.accept(event);
        }
    }
}
