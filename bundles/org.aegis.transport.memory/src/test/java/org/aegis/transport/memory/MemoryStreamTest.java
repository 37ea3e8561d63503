package org.aegis.transport.memory;

import static org.aegis.transport.memory.Collector.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.stream.IntStream;
import org.aegis.api.transport.Stream;
import org.junit.jupiter.api.Test;

class MemoryStreamTest {
    private static final String PROTOCOL = "/aegis/test/1.0.0";

    private final VirtualTime time = new VirtualTime();
    private final MemoryNetwork network = new MemoryNetwork(7, time);
    private final MemoryTransport alice = network.transport("alice");
    private final MemoryTransport bob = network.transport("bob");
    private final List<Stream> accepted = new ArrayList<>();

    private Stream open() {
        network.connect("alice", "bob");
        bob.handle(PROTOCOL, accepted::add);
        CompletableFuture<Stream> opened = alice.openStream("bob", PROTOCOL).toCompletableFuture();
        time.runUntilIdle();
        return opened.join();
    }

    @Test
    void messagesArriveInOrderAfterTheLatencyAndCloseCompletesTheReader() {
        network.setDefaultConditions(LinkConditions.reliable(Duration.ofMillis(5)));
        Stream stream = open();
        Collector reader = Collector.unbounded();
        accepted.get(0).inbound().subscribe(reader);
        Duration start = time.elapsed();

        stream.write(text("one"));
        stream.write(text("two"));
        CompletionStage<Void> closed = stream.closeWrite();
        time.advance(Duration.ofMillis(4));
        assertEquals(List.of(), reader.received);
        time.advance(Duration.ofMillis(1));

        assertEquals(List.of("one", "two"), reader.received);
        assertTrue(reader.completed);
        assertTrue(closed.toCompletableFuture().isDone());
        assertEquals(Duration.ofMillis(5), time.elapsed().minus(start));
    }

    @Test
    void halfCloseLetsTheOtherSideAnswer() {
        Stream stream = open();
        Stream server = accepted.get(0);
        Collector clientReader = Collector.unbounded();
        stream.inbound().subscribe(clientReader);
        server.inbound().subscribe(Collector.unbounded());

        stream.write(text("request"));
        stream.closeWrite();
        time.runUntilIdle();
        server.write(text("response"));
        server.closeWrite();
        time.runUntilIdle();

        assertEquals(List.of("response"), clientReader.received);
        assertTrue(clientReader.completed);
        Throwable afterClose = MemoryTransportTest.failure(stream.write(text("late")));
        assertInstanceOf(IOException.class, afterClose);
    }

    @Test
    void messagesWrittenBeforeTheReaderSubscribesAreKept() {
        Stream stream = open();
        stream.write(text("early"));
        time.runUntilIdle();

        Collector reader = Collector.unbounded();
        accepted.get(0).inbound().subscribe(reader);

        assertEquals(List.of("early"), reader.received);
    }

    @Test
    void jitterNeverReordersAReliableStream() {
        network.setDefaultConditions(LinkConditions.reliable(Duration.ofMillis(10)).withJitter(Duration.ofMillis(50))
                .withDropRate(0.5).withDuplicateRate(0.5).withReorder(0.5, Duration.ofMillis(100)));
        Stream stream = open();
        Collector reader = Collector.unbounded();
        accepted.get(0).inbound().subscribe(reader);

        List<String> sent = IntStream.range(0, 500).mapToObj(Integer::toString).toList();
        for (String message : sent) {
            stream.write(text(message));
            time.advance(Duration.ofMillis(1));
        }
        time.runUntilIdle();

        assertEquals(sent, reader.received, "streams are reliable and ordered unless the link says otherwise");
        assertEquals(0, network.stats("alice", "bob").dropped());
    }

    @Test
    void unreliableStreamsMeetTheLinkFaults() {
        network.setDefaultConditions(LinkConditions.reliable(Duration.ofMillis(10)).withDropRate(0.2)
                .withDuplicateRate(0.1).withReorder(0.3, Duration.ofMillis(20)).withUnreliableStreams(true));
        Stream stream = open();
        Collector reader = Collector.unbounded();
        accepted.get(0).inbound().subscribe(reader);

        for (int i = 0; i < 2000; i++) {
            stream.write(text(Integer.toString(i)));
            time.advance(Duration.ofMillis(1));
        }
        stream.closeWrite();
        time.runUntilIdle();

        LinkStats stats = network.stats("alice", "bob");
        assertEquals(2000, stats.sent());
        assertEquals(stats.sent() - stats.dropped() + stats.duplicated(), reader.received.size());
        assertEquals(stats.delivered(), reader.received.size());
        assertTrue(outOfOrder(reader.received) > 0, "some messages overtook others");
        assertTrue(reader.completed, "the end of stream waits for held-back messages");
    }

    @Test
    void aSlowReaderHoldsTheWriterBack() {
        network.setStreamWindow(100);
        Stream stream = open();
        Collector reader = Collector.requesting(0);
        accepted.get(0).inbound().subscribe(reader);

        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            writes.add(stream.write(text("%040d".formatted(i))).toCompletableFuture());
        }
        time.runUntilIdle();
        assertEquals(List.of(true, true, false), writes.subList(0, 3).stream().map(CompletableFuture::isDone).toList(),
                "two 40-byte messages fit in a 100-byte window, the third waits");

        for (int taken = 1; taken <= 10; taken++) {
            reader.request(1);
            time.runUntilIdle();
            assertEquals(taken, reader.received.size());
            long accepted = writes.stream().filter(CompletableFuture::isDone).count();
            assertEquals(Math.min(10, taken + 2), accepted, "each message taken lets one more write in");
        }
        assertEquals(IntStream.range(0, 10).mapToObj("%040d"::formatted).toList(), reader.received);
    }

    @Test
    void aWriteLargerThanTheWindowStillGoesAlone() {
        network.setStreamWindow(10);
        Stream stream = open();
        Collector reader = Collector.requesting(1);
        accepted.get(0).inbound().subscribe(reader);

        CompletableFuture<Void> big = stream.write(text("x".repeat(50))).toCompletableFuture();
        CompletableFuture<Void> next = stream.write(text("y")).toCompletableFuture();
        time.runUntilIdle();

        assertTrue(big.isDone());
        assertTrue(next.isDone(), "the big message was taken and credited back");
        assertEquals(1, reader.received.size());
    }

    @Test
    void resetFailsBothEnds() {
        Stream stream = open();
        Collector clientReader = Collector.unbounded();
        Collector serverReader = Collector.unbounded();
        stream.inbound().subscribe(clientReader);
        accepted.get(0).inbound().subscribe(serverReader);

        stream.reset();
        assertInstanceOf(IOException.class, clientReader.error);
        assertNull(serverReader.error);
        time.runUntilIdle();

        assertInstanceOf(IOException.class, serverReader.error);
        assertTrue(serverReader.error.getMessage().contains("reset by alice"), serverReader.error.getMessage());
        assertInstanceOf(IOException.class, MemoryTransportTest.failure(stream.write(text("x"))));
        assertInstanceOf(IOException.class, MemoryTransportTest.failure(accepted.get(0).write(text("x"))));
    }

    @Test
    void messagesInFlightToAResetEndAreDropped() {
        Stream stream = open();
        stream.write(text("lost"));
        accepted.get(0).reset();
        time.runUntilIdle();

        assertEquals(new LinkStats(1, 0, 1, 0), network.stats("alice", "bob"));
    }

    @Test
    void inboundTakesOneSubscriberAndRejectsNonPositiveDemand() {
        Stream stream = open();
        Collector first = Collector.requesting(0);
        Collector second = Collector.unbounded();
        accepted.get(0).inbound().subscribe(first);
        accepted.get(0).inbound().subscribe(second);
        assertInstanceOf(IllegalStateException.class, second.error);

        first.request(0);
        assertInstanceOf(IllegalArgumentException.class, first.error);
        stream.write(text("ignored"));
        time.runUntilIdle();
        assertEquals(List.of(), first.received);
    }

    @Test
    void cancellingTheReaderDiscardsButDoesNotBlockTheWriter() {
        network.setStreamWindow(10);
        Stream stream = open();
        Collector reader = Collector.requesting(0);
        accepted.get(0).inbound().subscribe(reader);
        stream.write(text("12345678"));
        time.runUntilIdle();
        CompletableFuture<Void> blocked = stream.write(text("12345678")).toCompletableFuture();
        time.runUntilIdle();
        assertFalse(blocked.isDone());

        reader.cancel();
        time.runUntilIdle();

        assertTrue(blocked.isDone());
        assertEquals(List.of(), reader.received);
    }

    @Test
    void requestingFromInsideOnNextKeepsTheStackFlat() {
        network.setStreamWindow(Integer.MAX_VALUE);
        Stream stream = open();
        for (int i = 0; i < 100_000; i++) {
            stream.write(text("m"));
        }
        time.runUntilIdle();
        int[] count = {0};

        // 100,000 buffered messages, each requested from inside the previous onNext
        accepted.get(0).inbound().subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
            }

            @Override
            public void onNext(ByteBuffer item) {
                count[0]++;
                subscription.request(1);
            }

            @Override
            public void onError(Throwable throwable) {
                throw new AssertionError(throwable);
            }

            @Override
            public void onComplete() {
                throw new AssertionError("not closed");
            }
        });

        assertEquals(100_000, count[0]);
    }

    static int outOfOrder(List<String> received) {
        int count = 0;
        int highest = -1;
        for (String message : received) {
            int n = Integer.parseInt(message);
            if (n < highest) {
                count++;
            }
            highest = Math.max(highest, n);
        }
        return count;
    }
}
