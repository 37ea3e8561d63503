package org.aegis.transport.libp2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.Stream;
import org.aegis.testing.CollectedMetrics;
import org.aegis.transport.libp2p.connection.Connection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportTest {
    private Libp2pTransport a;
    private Libp2pTransport b;

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void twoTransportsDialIdentifyPingAndEcho() throws Exception {
        a = new Libp2pTransport(TransportSettings.defaults("127.0.0.1", 0, List.of()), new TestIdentity());
        b = new Libp2pTransport(TransportSettings.defaults("127.0.0.1", 0, List.of()), new TestIdentity());
        b.handle("/test/echo/1.0.0", TransportTest::echo);
        Multiaddr address = b.listenAddresses().get(0);
        PeerInfo peer = a.dial(address).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(b.localPeerId(), peer.peerId());
        assertTrue(peer.protocols().contains("/test/echo/1.0.0"), peer.protocols().toString());
        Duration rtt = a.ping(b.localPeerId()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertNotNull(rtt);
        assertEquals(rtt, a.peers().get(0).latency());

        Stream stream = a.openStream(b.localPeerId(), "/test/echo/1.0.0").toCompletableFuture().get(10, TimeUnit.SECONDS);
        byte[] payload = new byte[1_000_000];
        new java.util.Random(1).nextBytes(payload);
        CompletableFuture<byte[]> received = readAll(stream);
        stream.write(ByteBuffer.wrap(payload)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        stream.closeWrite();
        assertArrayEquals(payload, received.get(10, TimeUnit.SECONDS));

        CollectedMetrics metrics = CollectedMetrics.of(a);
        assertEquals(1, metrics.value("aegis_transport_connections_opened"));
        assertEquals(0, metrics.value("aegis_transport_connections_closed"));
        assertTrue(metrics.value("aegis_transport_written_bytes") > payload.length, "the payload, encrypted");
        assertTrue(metrics.value("aegis_transport_read_bytes") > payload.length, "its echo");
    }

    private static Libp2pTransport start(TestIdentity identity) {
        return new Libp2pTransport(TransportSettings.defaults("127.0.0.1", 0, List.of()), identity);
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static void eventually(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                org.junit.jupiter.api.Assertions.fail("timed out waiting until " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void bothSidesIdentifyEachOther() throws Exception {
        a = start(new TestIdentity());
        b = start(new TestIdentity());
        await(a.dial(b.listenAddresses().get(0)));
        eventually(() -> !b.peers().isEmpty() && !b.peers().get(0).protocols().isEmpty(), "b identified a");
        PeerInfo seenByB = b.peers().get(0);
        assertEquals(a.localPeerId(), seenByB.peerId());
        assertTrue(seenByB.protocols().containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0")));
        assertEquals(a.listenAddresses(), seenByB.addresses(), "b learnt a's listen address");
        PeerInfo seenByA = a.peers().get(0);
        assertEquals(b.listenAddresses(), seenByA.addresses());
        assertEquals(a.connection(b.localPeerId()).channel().localAddress(),
                b.connection(a.localPeerId()).channel().remoteAddress());
    }

    @Test
    void identifyPushAnnouncesNewProtocols() throws Exception {
        a = start(new TestIdentity());
        b = start(new TestIdentity());
        await(a.dial(b.listenAddresses().get(0)));
        org.aegis.api.Registration registration = b.handle("/late/1.0.0", TransportTest::echo);
        eventually(() -> a.peers().get(0).protocols().contains("/late/1.0.0"), "a heard of /late/1.0.0");
        registration.close();
        eventually(() -> !a.peers().get(0).protocols().contains("/late/1.0.0"), "a heard /late/1.0.0 is gone");
    }

    @Test
    void dialingTheWrongPeerIdFails() throws Exception {
        a = start(new TestIdentity());
        b = start(new TestIdentity());
        String stranger = new TestIdentity().peerId();
        String address = b.listenAddresses().get(0).value().replace(b.localPeerId(), stranger);
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> await(a.dial(new Multiaddr(address))));
        assertTrue(e.getCause().getMessage().contains("dialled " + stranger + " but the peer is " + b.localPeerId()),
                e.getCause().getMessage());
        assertTrue(a.peers().isEmpty());
    }

    @Test
    void dialWithoutPeerIdLearnsIt() throws Exception {
        a = start(new TestIdentity());
        b = start(new TestIdentity());
        String address = b.listenAddresses().get(0).value().replace("/p2p/" + b.localPeerId(), "");
        assertEquals(b.localPeerId(), await(a.dial(new Multiaddr(address))).peerId());
        await(a.dial(b.listenAddresses().get(0)));
        assertEquals(1, a.peers().size(), "dialling a connected peer reuses its connection");
    }

    @Test
    void simultaneousOpenKeepsOneConnectionBothSidesAgreeOn() throws Exception {
        a = start(new TestIdentity());
        b = start(new TestIdentity());
        var ab = a.dial(b.listenAddresses().get(0)).toCompletableFuture();
        var ba = b.dial(a.listenAddresses().get(0)).toCompletableFuture();
        await(ab);
        await(ba);
        eventually(() -> {
            var fromA = a.connection(b.localPeerId());
            var fromB = b.connection(a.localPeerId());
            return fromA != null && fromB != null && fromA.isOpen() && fromB.isOpen()
                    && fromA.channel().localAddress().equals(fromB.channel().remoteAddress())
                    && fromA.dialer() != fromB.dialer();
        }, "both sides keep the same connection");
        String smaller = a.localPeerId().compareTo(b.localPeerId()) < 0 ? a.localPeerId() : b.localPeerId();
        Libp2pTransport smallerSide = smaller.equals(a.localPeerId()) ? a : b;
        Libp2pTransport other = smallerSide == a ? b : a;
        assertTrue(smallerSide.connection(other.localPeerId()).dialer(), "the smaller peer id's dial stays");
        assertNotNull(await(a.ping(b.localPeerId())));
    }

    @Test
    void aPeerRedialingBeforeItsCloseArrivesGetsTheNewConnection() throws Exception {
        a = start(new TestIdentity());
        b = start(new TestIdentity());
        await(a.dial(b.listenAddresses().get(0)));
        eventually(() -> b.connection(a.localPeerId()) != null, "b admitted a's connection");
        Connection given = b.connection(a.localPeerId());
        // b stops reading the first connection, so a's Go Away and FIN on it are still unseen when a redials
        given.channel().config().setAutoRead(false);
        Connection first = a.connection(b.localPeerId());
        first.close();
        assertTrue(first.channel().closeFuture().await(10, TimeUnit.SECONDS));
        await(a.dial(b.listenAddresses().get(0)));
        eventually(() -> b.connection(a.localPeerId()) != given, "b took the new connection");
        assertTrue(a.connection(b.localPeerId()).isOpen());
        assertNotNull(await(a.ping(b.localPeerId())));
        assertEquals(a.connection(b.localPeerId()).channel().localAddress(),
                b.connection(a.localPeerId()).channel().remoteAddress());
    }

    @Test
    void maxConnectionsRefusesMore() throws Exception {
        a = new Libp2pTransport(TransportSettings.defaults("127.0.0.1", 0, List.of()).withMaxConnections(1),
                new TestIdentity());
        b = start(new TestIdentity());
        Libp2pTransport c = start(new TestIdentity());
        try {
            await(a.dial(b.listenAddresses().get(0)));
            java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                    java.util.concurrent.ExecutionException.class, () -> await(a.dial(c.listenAddresses().get(0))));
            assertTrue(e.getCause().getMessage().contains("limit of 1"), e.getCause().getMessage());
        } finally {
            c.close();
        }
    }

    @Test
    void bootstrapPeersAreReconnectedAfterALoss() throws Exception {
        b = start(new TestIdentity());
        a = new Libp2pTransport(TransportSettings.defaults("127.0.0.1", 0, List.of(
                org.aegis.transport.libp2p.multiformats.Multiaddress.parse(b.listenAddresses().get(0).value())))
                .withReconnect(Duration.ofMillis(50), Duration.ofMillis(200)), new TestIdentity());
        eventually(() -> a.connection(b.localPeerId()) != null && b.connection(a.localPeerId()) != null,
                "a dialled its bootstrap peer");
        var first = a.connection(b.localPeerId());
        b.connection(a.localPeerId()).channel().close();
        eventually(() -> {
            // read once: the connection can go away between two reads while the old one closes
            var current = a.connection(b.localPeerId());
            return current != null && current != first && current.isOpen();
        }, "a reconnected");
    }

    @Test
    void backoffDoublesUpToTheCap() {
        a = new Libp2pTransport(TransportSettings.defaults("127.0.0.1", 0, List.of())
                .withReconnect(Duration.ofMillis(100), Duration.ofMillis(1000)), new TestIdentity());
        assertEquals(Duration.ofMillis(100), a.backoff(0));
        assertEquals(Duration.ofMillis(400), a.backoff(2));
        assertEquals(Duration.ofMillis(1000), a.backoff(4));
        assertEquals(Duration.ofMillis(1000), a.backoff(1000));
    }

    @Test
    void closingLeavesNoThreadBehind() throws Exception {
        a = start(new TestIdentity());
        b = start(new TestIdentity());
        await(a.dial(b.listenAddresses().get(0)));
        a.close();
        b.close();
        a = null;
        b = null;
        List<String> left = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith(Libp2pTransport.THREAD_PREFIX)).toList();
        assertEquals(List.of(), left);
    }

    static void echo(Stream stream) {
        stream.inbound().subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(ByteBuffer item) {
                stream.write(item).thenRun(() -> subscription.request(1));
            }

            @Override
            public void onError(Throwable throwable) {
            }

            @Override
            public void onComplete() {
                stream.closeWrite();
            }
        });
    }

    static CompletableFuture<byte[]> readAll(Stream stream) {
        CompletableFuture<byte[]> all = new CompletableFuture<>();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        stream.inbound().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                out.writeBytes(bytes);
            }

            @Override
            public void onError(Throwable throwable) {
                all.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                all.complete(out.toByteArray());
            }
        });
        return all;
    }
}
