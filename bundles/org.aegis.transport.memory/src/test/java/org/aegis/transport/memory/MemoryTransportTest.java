package org.aegis.transport.memory;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.aegis.api.Registration;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.PubSubMessage;
import org.aegis.api.transport.Stream;
import org.junit.jupiter.api.Test;

class MemoryTransportTest {
    private static final String PROTOCOL = "/aegis/test/1.0.0";

    private final VirtualTime time = new VirtualTime();
    private final MemoryNetwork network = new MemoryNetwork(42, time);
    private final MemoryTransport alice = network.transport("alice");
    private final MemoryTransport bob = network.transport("bob");
    private final MemoryTransport carol = network.transport("carol");

    @Test
    void addressesAreMemoryMultiaddrs() {
        assertEquals("memory", alice.name());
        assertEquals(List.of(new Multiaddr("/memory/1/p2p/alice")), alice.listenAddresses());
        assertEquals(new Multiaddr("/memory/3/p2p/carol"), carol.address());
        assertEquals(List.of("alice", "bob", "carol"), network.peerIds());
    }

    @Test
    void transportTakesItsPeerIdFromTheIdentity() {
        NodeIdentity identity = new FixedIdentity("12D3KooWTest");
        MemoryTransport node = network.transport(identity);
        assertEquals("12D3KooWTest", node.peerId());
        assertEquals(identity, node.identity().orElseThrow());
        assertEquals(new Multiaddr("/memory/4/p2p/12D3KooWTest"), node.address());
        assertThrows(IllegalStateException.class, () -> network.transport("alice"));
        assertThrows(IllegalArgumentException.class, () -> network.transport("a/b"));
        assertThrows(IllegalArgumentException.class, () -> network.transport(" "));
    }

    @Test
    void dialTakesARoundTripAndConnectsBothSides() throws Exception {
        network.setConditionsBothWays("alice", "bob", LinkConditions.reliable(Duration.ofMillis(15)));
        CompletableFuture<PeerInfo> dialed = alice.dial(bob.address()).toCompletableFuture();
        assertFalse(dialed.isDone());

        time.runUntilIdle();

        assertEquals(Duration.ofMillis(30), time.elapsed());
        assertEquals("bob", dialed.get().peerId());
        assertEquals(List.of("bob"), alice.peers().stream().map(PeerInfo::peerId).toList());
        assertEquals(List.of("alice"), bob.peers().stream().map(PeerInfo::peerId).toList());
        assertTrue(alice.dial(bob.address()).toCompletableFuture().isDone(), "dialing a connected peer is a no-op");
    }

    @Test
    void dialAcceptsEveryAddressFormAndRejectsBadOnes() {
        assertEquals("bob", dialNow(alice, "/memory/2").peerId());
        assertEquals("carol", dialNow(alice, "/p2p/carol").peerId());
        assertEquals("alice", dialNow(bob, "/memory/1/p2p/alice").peerId());

        assertInstanceOf(IllegalArgumentException.class, dialFailure(alice, "/ip4/127.0.0.1/tcp/4001"));
        assertInstanceOf(IllegalArgumentException.class, dialFailure(alice, "/memory/x/p2p/bob"));
        assertInstanceOf(IllegalArgumentException.class, dialFailure(alice, "/memory/1"));
        assertInstanceOf(ConnectException.class, dialFailure(alice, "/memory/9"));
        assertInstanceOf(ConnectException.class, dialFailure(alice, "/memory/2/p2p/carol"));
        assertInstanceOf(ConnectException.class, dialFailure(alice, "/p2p/dave"));
    }

    @Test
    void peersReportTheBaseRoundTripAndTheHandledProtocols() {
        network.setConditions("alice", "bob", LinkConditions.reliable(Duration.ofMillis(10)).withJitter(Duration.ofMillis(5)));
        network.setConditions("bob", "alice", LinkConditions.reliable(Duration.ofMillis(20)));
        bob.handle("/b/1", stream -> { });
        bob.handle("/a/1", stream -> { });
        network.connect("alice", "bob");

        PeerInfo info = alice.peers().get(0);

        assertEquals(Duration.ofMillis(30), info.latency());
        assertEquals(List.of("/a/1", "/b/1"), info.protocols());
        assertEquals(List.of(bob.address()), info.addresses());
    }

    @Test
    void pingMeasuresTheVirtualRoundTrip() throws Exception {
        network.setConditions("alice", "bob", LinkConditions.reliable(Duration.ofMillis(7)));
        network.setConditions("bob", "alice", LinkConditions.reliable(Duration.ofMillis(5)));
        network.connect("alice", "bob");

        CompletableFuture<Duration> rtt = alice.ping("bob").toCompletableFuture();
        time.runUntilIdle();

        assertEquals(Duration.ofMillis(12), rtt.get());
        assertInstanceOf(ConnectException.class, failure(alice.ping("carol")));
    }

    @Test
    void publishReachesConnectedSubscribersOnlyWithTheAuthorStamped() {
        network.connectAll();
        MemoryTransport dave = network.transport("dave");
        List<String> heard = new ArrayList<>();
        for (MemoryTransport node : List.of(alice, bob, dave)) {
            node.subscribe("news", m -> heard.add(node.peerId() + "<" + m.from() + ":" + new String(m.data(), UTF_8)));
        }
        carol.subscribe("other", m -> heard.add("carol heard " + m.topic()));

        alice.publish("news", "hello".getBytes(UTF_8));
        time.runUntilIdle();

        // alice does not hear herself, carol is not subscribed, dave is not connected
        assertEquals(List.of("bob<alice:hello"), heard);
        assertEquals(Duration.ofMillis(1), time.elapsed());
    }

    @Test
    void everySubscriberGetsItsOwnCopyUntilItUnsubscribes() {
        network.connect("alice", "bob");
        List<PubSubMessage> first = new ArrayList<>();
        List<PubSubMessage> second = new ArrayList<>();
        Registration one = bob.subscribe("t", first::add);
        bob.subscribe("t", second::add);
        byte[] data = {1, 2, 3};

        alice.publish("t", data);
        data[0] = 9;
        time.runUntilIdle();
        first.get(0).data()[1] = 9;

        assertEquals(List.of((byte) 1, (byte) 2, (byte) 3), bytes(second.get(0).data()));
        one.close();
        one.close();
        alice.publish("t", data);
        time.runUntilIdle();
        assertEquals(1, first.size());
        assertEquals(2, second.size());
    }

    @Test
    void openStreamRunsTheHandlerAndTakesARoundTrip() throws Exception {
        network.setDefaultConditions(LinkConditions.reliable(Duration.ofMillis(10)));
        network.connect("alice", "bob");
        List<Stream> accepted = new ArrayList<>();
        bob.handle(PROTOCOL, accepted::add);

        CompletableFuture<Stream> opened = alice.openStream("bob", PROTOCOL).toCompletableFuture();
        time.advance(Duration.ofMillis(10));
        assertEquals(1, accepted.size());
        assertFalse(opened.isDone());
        time.advance(Duration.ofMillis(10));

        Stream stream = opened.get();
        assertEquals("bob", stream.remotePeerId());
        assertEquals(PROTOCOL, stream.protocol());
        assertEquals("alice", accepted.get(0).remotePeerId());
    }

    @Test
    void openStreamFailsForAnUnhandledProtocolOrAnUnconnectedPeer() {
        network.connect("alice", "bob");
        CompletionStage<Stream> unhandled = alice.openStream("bob", PROTOCOL);
        time.runUntilIdle();

        Throwable cause = failure(unhandled);
        assertInstanceOf(IOException.class, cause);
        assertTrue(cause.getMessage().contains("does not handle " + PROTOCOL), cause.getMessage());
        assertInstanceOf(ConnectException.class, failure(alice.openStream("carol", PROTOCOL)));
        assertInstanceOf(IllegalArgumentException.class, failure(alice.openStream("bob", "")));
    }

    @Test
    void latestHandlerWinsAndClosingItStopsAcceptingStreams() {
        network.connect("alice", "bob");
        List<String> calls = new ArrayList<>();
        Registration old = bob.handle(PROTOCOL, s -> calls.add("old"));
        Registration current = bob.handle(PROTOCOL, s -> calls.add("new"));
        old.close();

        alice.openStream("bob", PROTOCOL);
        time.runUntilIdle();
        assertEquals(List.of("new"), calls);

        current.close();
        CompletionStage<Stream> refused = alice.openStream("bob", PROTOCOL);
        time.runUntilIdle();
        assertInstanceOf(IOException.class, failure(refused));
    }

    private PeerInfo dialNow(MemoryTransport from, String address) {
        CompletableFuture<PeerInfo> dialed = from.dial(new Multiaddr(address)).toCompletableFuture();
        time.runUntilIdle();
        return dialed.join();
    }

    private Throwable dialFailure(MemoryTransport from, String address) {
        CompletionStage<PeerInfo> dialed = from.dial(new Multiaddr(address));
        time.runUntilIdle();
        return failure(dialed);
    }

    static Throwable failure(CompletionStage<?> stage) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        assertTrue(future.isCompletedExceptionally(), "expected a failure, got " + future);
        return assertThrows(ExecutionException.class, future::get).getCause();
    }

    private static List<Byte> bytes(byte[] data) {
        List<Byte> list = new ArrayList<>();
        for (byte b : data) {
            list.add(b);
        }
        return list;
    }

    /** Only the peer id matters to the memory transport. */
    private record FixedIdentity(String peerId) implements NodeIdentity {
        @Override
        public byte[] publicKey() {
            return new byte[0];
        }

        @Override
        public byte[] sign(byte[] data) {
            throw new UnsupportedOperationException("the memory transport never signs");
        }

        @Override
        public boolean verify(String peerId, byte[] data, byte[] signature) {
            return false;
        }
    }
}
