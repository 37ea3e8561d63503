package org.aegis.example.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.aegis.api.Registration;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.PubSubMessage;
import org.aegis.api.transport.Stream;
import org.aegis.testing.Configs;
import org.aegis.testing.FakeNodeIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loopback transport: pubsub, registrations, streams with back-pressure, errors, and its thread. */
class LoopbackTransportTest {
    private static final String SELF = "12D3KooWLoopbackNodeForTests";
    private static final String PROTOCOL = "/example/echo/1.0.0";
    private static final long WAIT_SECONDS = 5;

    /** A small window so that a few bytes fill a stream. */
    private final LoopbackTransport transport = transport(Map.of("streamWindowBytes", 8));


    /** Records what an inbound publisher sends; asks for nothing by itself. */
    private static final class Reader implements Flow.Subscriber<ByteBuffer> {
        final StringBuilder text = new StringBuilder();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        final CompletableFuture<Flow.Subscription> subscribed = new CompletableFuture<>();

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscribed.complete(s);
        }

        /** Asks for more once subscribed: the transport calls onSubscribe on its own thread. */
        void request(long n) {
            await(subscribed).request(n);
        }

        @Override
        public void onNext(ByteBuffer item) {
            synchronized (text) {
                text.append(StandardCharsets.UTF_8.decode(item));
            }
        }

        @Override
        public void onError(Throwable throwable) {
            done.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }

        String text() {
            synchronized (text) {
                return text.toString();
            }
        }
    }

    private static LoopbackTransport transport(Map<String, Object> config) {
        return new LoopbackTransport(Configs.of(LoopbackTransport.Config.class, config), new FakeNodeIdentity(SELF));
    }

    @AfterEach
    void stop() {
        transport.deactivate();
    }

    private static <T> T await(CompletionStage<T> stage) {
        return stage.toCompletableFuture().orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).join();
    }

    private static Throwable failure(CompletionStage<?> stage) {
        return assertThrows(CompletionException.class, () -> await(stage)).getCause();
    }

    /** Returns once everything queued on the transport's thread before it has run: the thread is a FIFO. */
    private void settle() {
        await(transport.ping(SELF));
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Opens a stream to this node's own handler; returns both ends, the opener's first. */
    private List<Stream> openPair() {
        CompletableFuture<Stream> accepted = new CompletableFuture<>();
        transport.handle(PROTOCOL, accepted::complete);
        Stream opener = await(transport.openStream(SELF, PROTOCOL));
        return List.of(opener, await(accepted));
    }

    @Test
    void publicationsReachThisNodesSubscribersOnTheTransportThread() throws InterruptedException {
        List<String> received = new ArrayList<>();
        CountDownLatch two = new CountDownLatch(2);
        transport.subscribe("blocks", m -> {
            synchronized (received) {
                received.add(m.from() + " " + new String(m.data(), StandardCharsets.UTF_8) + " "
                        + Thread.currentThread().getName());
            }
            two.countDown();
        });
        transport.subscribe("blocks", m -> {
            throw new IllegalStateException("a failing subscriber does not stop the others");
        });
        transport.subscribe("other-topic", m -> received.add("wrong topic"));

        byte[] data = "block 1".getBytes(StandardCharsets.UTF_8);
        await(transport.publish("blocks", data));
        data[0] = 'X'; // the transport copied it
        await(transport.publish("blocks", "block 2".getBytes(StandardCharsets.UTF_8)));

        assertTrue(two.await(WAIT_SECONDS, TimeUnit.SECONDS));
        synchronized (received) {
            assertEquals(List.of(SELF + " block 1 " + LoopbackTransport.THREAD,
                    SELF + " block 2 " + LoopbackTransport.THREAD), received);
        }
        assertInstanceOf(IllegalArgumentException.class, failure(transport.publish(" ", new byte[1])));
        assertInstanceOf(IllegalArgumentException.class,
                failure(transport.publish("blocks", new byte[1024 * 1024 + 1])));
    }

    @Test
    void ownPublicationsCanBeKeptFromOwnSubscribersAsOnLibp2p() {
        LoopbackTransport quiet = transport(Map.of("deliverOwnPublications", false));
        try {
            List<PubSubMessage> received = new ArrayList<>();
            quiet.subscribe("blocks", received::add);
            await(quiet.publish("blocks", new byte[] {1}));
            await(quiet.ping(SELF));
            assertEquals(List.of(), received);
        } finally {
            quiet.deactivate();
        }
    }

    @Test
    void closedRegistrationsAreCalledNoMore() {
        List<PubSubMessage> closedOnes = new ArrayList<>();
        Registration subscription = transport.subscribe("t", closedOnes::add);
        subscription.close();
        subscription.close(); // twice is harmless
        await(transport.publish("t", new byte[] {1}));
        settle();
        assertEquals(List.of(), closedOnes);

        Registration handler = transport.handle(PROTOCOL, stream -> stream.reset());
        assertThrows(IllegalStateException.class, () -> transport.handle(PROTOCOL, stream -> { }));
        handler.close();
        Throwable unhandled = failure(transport.openStream(SELF, PROTOCOL));
        assertInstanceOf(IOException.class, unhandled);
        assertTrue(unhandled.getMessage().contains(PROTOCOL), unhandled.getMessage());
        // the protocol is free again
        transport.handle(PROTOCOL, stream -> stream.reset()).close();
        assertThrows(IllegalArgumentException.class, () -> transport.handle("no-slash", stream -> { }));
    }

    @Test
    void aStreamCarriesBothWaysAsFastAsItsReaderAsks() {
        List<Stream> pair = openPair();
        Stream opener = pair.get(0);
        Stream acceptor = pair.get(1);
        assertEquals(SELF, opener.remotePeerId());
        assertEquals(PROTOCOL, acceptor.protocol());

        CompletableFuture<Void> first = opener.write(bytes("hello")).toCompletableFuture();
        CompletableFuture<Void> second = opener.write(bytes("world!")).toCompletableFuture();
        settle();
        assertTrue(first.isDone(), "5 bytes fit the window of 8");
        assertFalse(second.isDone(), "6 more do not, until the reader takes the first");

        Reader reader = new Reader();
        acceptor.inbound().subscribe(reader);
        settle();
        assertEquals("", reader.text(), "nothing before it is asked for");
        assertFalse(second.isDone());

        reader.request(1);
        await(second);
        assertEquals("hello", reader.text());
        reader.request(1);
        settle();
        assertEquals("helloworld!", reader.text());

        Reader back = new Reader();
        opener.inbound().subscribe(back);
        back.request(Long.MAX_VALUE);
        await(acceptor.write(bytes("ack")));
        settle();
        assertEquals("ack", back.text());
    }

    @Test
    void closeWriteCompletesTheOtherInboundAfterItsData() {
        List<Stream> pair = openPair();
        Stream opener = pair.get(0);
        Stream acceptor = pair.get(1);
        Reader reader = new Reader();
        acceptor.inbound().subscribe(reader);

        opener.write(bytes("last words"));
        CompletableFuture<Void> closed = opener.closeWrite().toCompletableFuture();
        settle();
        assertFalse(reader.done.isDone(), "the end waits behind unread data");

        reader.request(Long.MAX_VALUE);
        await(reader.done);
        await(closed);
        assertEquals("last words", reader.text());
        assertInstanceOf(IOException.class, failure(opener.write(bytes("more"))));

        // half-closed: the other side may still answer
        Reader back = new Reader();
        opener.inbound().subscribe(back);
        back.request(Long.MAX_VALUE);
        await(acceptor.write(bytes("answer")));
        await(acceptor.closeWrite());
        await(back.done);
        assertEquals("answer", back.text());
    }

    @Test
    void resetErrorsBothInboundsAndFailsPendingWrites() {
        List<Stream> pair = openPair();
        Stream opener = pair.get(0);
        Stream acceptor = pair.get(1);
        Reader acceptorReader = new Reader();
        acceptor.inbound().subscribe(acceptorReader);
        Reader openerReader = new Reader();
        opener.inbound().subscribe(openerReader);
        await(acceptor.write(bytes("12345678"))); // fills the opener's window: nobody reads it
        CompletableFuture<Void> blocked = acceptor.write(bytes("9")).toCompletableFuture();

        opener.reset();
        opener.reset(); // idempotent

        assertInstanceOf(IOException.class, failure(acceptorReader.done));
        assertInstanceOf(IOException.class, failure(openerReader.done));
        assertInstanceOf(IOException.class, failure(blocked));
        assertInstanceOf(IOException.class, failure(acceptor.write(bytes("late"))));
        assertInstanceOf(IOException.class, failure(opener.closeWrite()));
    }

    @Test
    void anInboundTakesOneSubscriberAndPositiveDemandOnly() {
        Stream acceptor = openPair().get(1);
        Reader first = new Reader();
        acceptor.inbound().subscribe(first);
        Reader second = new Reader();
        acceptor.inbound().subscribe(second);
        assertInstanceOf(IllegalStateException.class, failure(second.done));

        first.request(0);
        assertInstanceOf(IllegalArgumentException.class, failure(first.done));
    }

    @Test
    void noOtherPeerIsReachable() {
        String other = "12D3KooWSomebodyElse";
        Throwable dialled = failure(transport.dial(new Multiaddr("/ip4/10.0.0.7/tcp/4001/p2p/" + other)));
        assertInstanceOf(IOException.class, dialled);
        assertTrue(dialled.getMessage().contains("reaches no other node"), dialled.getMessage());
        assertInstanceOf(IllegalArgumentException.class, failure(transport.dial(new Multiaddr("/p2p/" + SELF))));
        assertInstanceOf(IllegalArgumentException.class, failure(transport.dial(new Multiaddr("localhost:4001"))));
        assertInstanceOf(IllegalStateException.class, failure(transport.openStream(other, PROTOCOL)));
        assertInstanceOf(IllegalStateException.class, failure(transport.ping(other)));

        assertEquals(List.of(), transport.peers());
        assertEquals(List.of(new Multiaddr("/p2p/" + SELF)), transport.listenAddresses());
        assertEquals("loopback", transport.name());
        Duration rtt = await(transport.ping(SELF));
        assertTrue(rtt.compareTo(Duration.ofSeconds(1)) < 0, rtt.toString());
    }

    @Test
    void deactivateResetsStreamsAndLeavesNoThread() {
        List<Stream> pair = openPair();
        Reader reader = new Reader();
        pair.get(1).inbound().subscribe(reader);
        settle();

        transport.deactivate();

        assertInstanceOf(IOException.class, failure(reader.done));
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals(LoopbackTransport.THREAD)), "a transport thread is left");
        assertInstanceOf(IOException.class, failure(pair.get(0).write(bytes("x"))));
        assertInstanceOf(IllegalStateException.class, failure(transport.publish("t", new byte[1])));
        assertInstanceOf(IllegalStateException.class, failure(transport.openStream(SELF, PROTOCOL)));
        assertThrows(IllegalStateException.class, () -> transport.subscribe("t", m -> { }));
    }

    @Test
    void badConfigurationGetsAClearError() {
        var refused = assertThrows(IllegalArgumentException.class, () -> transport(Map.of("streamWindowBytes", 0)));
        assertTrue(refused.getMessage().contains("streamWindowBytes"), refused.getMessage());
    }
}
