package org.aegis.transport.libp2p.pubsub;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.aegis.api.transport.PubSubMessage;
import org.aegis.testing.MutableClock;
import org.aegis.testing.VirtualScheduler;
import org.aegis.transport.libp2p.TestIdentity;
import org.aegis.transport.libp2p.proto.Rpc;

/**
 * Routers wired to each other through in-test {@link RpcSender}s on one {@link VirtualScheduler}: every RPC is
 * handed to the receiving router at once and processed when the test runs the scheduler. Links can lose RPCs or
 * report a full queue; raw peers let a test speak the wire protocol to a router directly.
 */
final class GossipNetwork implements AutoCloseable {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final VirtualScheduler scheduler = new VirtualScheduler(clock);
    final GossipConfig config;
    final List<Node> nodes = new ArrayList<>();
    private final Random random;

    GossipNetwork(int size, GossipConfig config, long seed) {
        this.config = config;
        this.random = new Random(seed);
        for (int i = 0; i < size; i++) {
            nodes.add(new Node(new TestIdentity(i + 1)));
        }
    }

    Node node(int index) {
        return nodes.get(index);
    }

    /** {@code dialer} opens a connection to {@code listener}: outbound for the dialer, inbound for the listener. */
    void connect(Node dialer, Node listener) {
        Link out = new Link(dialer.id(), listener.router);
        Link in = new Link(listener.id(), dialer.router);
        dialer.links.put(listener.id(), out);
        listener.links.put(dialer.id(), in);
        dialer.router.peerConnected(listener.id(), out, Direction.OUTBOUND, null);
        listener.router.peerConnected(dialer.id(), in, Direction.INBOUND, null);
        scheduler.runUntilIdle();
    }

    /** A ring (so the graph is connected) plus {@code extraPerNode} random chords per node. */
    void connectRandomly(int extraPerNode) {
        for (int i = 0; i < nodes.size(); i++) {
            connect(nodes.get(i), nodes.get((i + 1) % nodes.size()));
        }
        for (Node node : nodes) {
            for (int k = 0; k < extraPerNode; k++) {
                Node other = nodes.get(random.nextInt(nodes.size()));
                if (other != node && !node.links.containsKey(other.id())) {
                    connect(node, other);
                }
            }
        }
    }

    void connectFully() {
        for (int i = 0; i < nodes.size(); i++) {
            for (int j = i + 1; j < nodes.size(); j++) {
                connect(nodes.get(i), nodes.get(j));
            }
        }
    }

    void heartbeats(int count) {
        scheduler.runFor(config.heartbeatInterval().multipliedBy(count));
    }

    RawPeer rawPeer(int seed, Node target) {
        return rawPeer(seed, target, Direction.INBOUND);
    }

    /** A raw peer connected to {@code target}; {@code direction} is the connection's direction as target sees it. */
    RawPeer rawPeer(int seed, Node target, Direction direction) {
        RawPeer raw = new RawPeer(new TestIdentity(seed), target);
        target.router.peerConnected(raw.id(), raw::add, direction, null);
        scheduler.runUntilIdle();
        return raw;
    }

    <T> T await(CompletionStage<T> stage) {
        scheduler.runUntilIdle();
        CompletableFuture<T> future = stage.toCompletableFuture();
        assertTrue(future.isDone(), "the router did not answer");
        return future.join();
    }

    /** Fails the test if a router task threw anywhere along the way, then stops everything. */
    @Override
    public void close() {
        for (Node node : nodes) {
            assertEquals(0, node.snapshot().internalErrors(), "router tasks failed at " + node.id());
        }
        nodes.forEach(node -> node.router.close());
        scheduler.runUntilIdle();
        scheduler.shutdownNow();
    }

    static Rpc.RPC parse(byte[] bytes) {
        try {
            return Rpc.RPC.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("a router sent an unparseable RPC", e);
        }
    }

    final class Node {
        final TestIdentity identity;
        final GossipRouter router;
        final Map<String, Link> links = new HashMap<>();
        final List<PubSubMessage> received = new ArrayList<>();

        Node(TestIdentity identity) {
            this.identity = identity;
            this.router = new GossipRouter(config, identity, scheduler, clock, new Random(random.nextLong()));
        }

        String id() {
            return identity.peerId();
        }

        void subscribe(String topic) {
            router.subscribe(topic, received::add);
            scheduler.runUntilIdle();
        }

        void publish(String topic, String text) {
            await(router.publish(topic, text.getBytes(UTF_8)));
        }

        List<String> texts(String topic) {
            return received.stream().filter(m -> m.topic().equals(topic))
                    .map(m -> new String(m.data(), UTF_8)).toList();
        }

        GossipSnapshot snapshot() {
            return await(router.snapshot());
        }
    }

    /** One direction of a connection: hands each RPC to the far router unless told to lose it. */
    static final class Link implements RpcSender {
        final String from;
        final GossipRouter to;
        final List<Rpc.RPC> sent = new ArrayList<>();
        Predicate<Rpc.RPC> lose = rpc -> false;
        boolean full;
        int lost;

        Link(String from, GossipRouter to) {
            this.from = from;
            this.to = to;
        }

        @Override
        public boolean send(byte[] bytes) {
            if (full) {
                return false;
            }
            Rpc.RPC rpc = parse(bytes);
            sent.add(rpc);
            if (lose.test(rpc)) {
                lost++;
                return true;
            }
            to.rpcReceived(from, bytes);
            return true;
        }
    }

    /** A hand-driven peer: sends crafted RPCs to one router and keeps what the router sends back. */
    final class RawPeer {
        final TestIdentity identity;
        final Node target;
        final List<Rpc.RPC> inbox = new ArrayList<>();
        private final MessageSigning signing;
        private long seqno = 1;

        RawPeer(TestIdentity identity, Node target) {
            this.identity = identity;
            this.target = target;
            this.signing = new MessageSigning(identity);
        }

        String id() {
            return identity.peerId();
        }

        boolean add(byte[] bytes) {
            inbox.add(parse(bytes));
            return true;
        }

        void send(Rpc.RPC rpc) {
            sendBytes(rpc.toByteArray());
        }

        void sendBytes(byte[] bytes) {
            target.router.rpcReceived(id(), bytes);
            scheduler.runUntilIdle();
        }

        Rpc.Message signed(String topic, String text) {
            return signing.sign(topic, text.getBytes(UTF_8), seqno++);
        }

        double score() {
            return target.snapshot().scores().get(id());
        }

        List<Rpc.ControlMessage> controls() {
            return inbox.stream().filter(Rpc.RPC::hasControl).map(Rpc.RPC::getControl).toList();
        }
    }
}
