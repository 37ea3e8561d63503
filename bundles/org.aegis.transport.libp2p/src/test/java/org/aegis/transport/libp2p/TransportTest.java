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
