package org.aegis.transport.memory;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.aegis.transport.memory.Collector.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.aegis.api.Registration;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.Stream;
import org.junit.jupiter.api.Test;

class FaultsTest {
    private static final String PROTOCOL = "/aegis/test/1.0.0";

    private final VirtualTime time = new VirtualTime();
    private final MemoryNetwork network = new MemoryNetwork(2024, time);
    private final Map<String, MemoryTransport> nodes = new HashMap<>();
    private final List<String> heard = new ArrayList<>();

    private void start(String... peerIds) {
        for (String peerId : peerIds) {
            MemoryTransport node = network.transport(peerId);
            node.subscribe("t", m -> heard.add(peerId + "<" + m.from() + ":" + new String(m.data(), UTF_8)));
            nodes.put(peerId, node);
        }
        network.connectAll();
    }

    private MemoryTransport node(String peerId) {
        return nodes.get(peerId);
    }

    private List<String> peersOf(String peerId) {
        return node(peerId).peers().stream().map(PeerInfo::peerId).toList();
    }

    @Test
    void dropAndDuplicateRatesAreMetStatistically() {
        start("a", "b");
        network.setConditions("a", "b", LinkConditions.DEFAULT.withDropRate(0.1).withDuplicateRate(0.05));
        int messages = 20_000;
        for (int i = 0; i < messages; i++) {
            node("a").publish("t", new byte[] {1});
        }
        time.runUntilIdle();

        LinkStats stats = network.stats("a", "b");
        assertEquals(messages, stats.sent());
        // expected 2,000 drops (sd 42) and 900 duplicates (sd 29); bounds at about 5 sd
        assertTrue(Math.abs(stats.dropped() - 2000) < 220, "dropped " + stats.dropped());
        assertTrue(Math.abs(stats.duplicated() - 900) < 150, "duplicated " + stats.duplicated());
        assertEquals(stats.sent() - stats.dropped() + stats.duplicated(), stats.delivered());
        assertEquals(stats.delivered(), heard.size());
        assertEquals(0, stats.inFlight());
        assertEquals(LinkStats.ZERO, network.stats("b", "a"));
    }

    @Test
    void reorderHoldsBackTheConfiguredShareOfMessagesWithinTheirBound() {
        start("a", "b");
        network.setConditions("a", "b", LinkConditions.reliable(Duration.ofMillis(10)).withReorder(0.25, Duration.ofMillis(30)));
        Map<String, Instant> sentAt = new HashMap<>();
        List<Duration> delays = new ArrayList<>();
        network.trace(event -> {
            String key = new String(event.payload(), UTF_8);
            switch (event.kind()) {
                case SENT -> sentAt.put(key, event.at());
                case DELIVERED -> delays.add(Duration.between(sentAt.get(key), event.at()));
                default -> throw new AssertionError("no drop or duplicate configured: " + event);
            }
        });
        for (int i = 0; i < 4000; i++) {
            node("a").publish("t", Integer.toString(i).getBytes(UTF_8));
            time.advance(Duration.ofMillis(1));
        }
        time.runUntilIdle();

        long held = delays.stream().filter(d -> d.compareTo(Duration.ofMillis(10)) > 0).count();
        assertTrue(delays.stream().allMatch(d -> d.compareTo(Duration.ofMillis(10)) >= 0
                && d.compareTo(Duration.ofMillis(40)) <= 0), "delays within latency + reorder bound");
        assertTrue(Math.abs(held - 1000) < 140, "held back " + held + " of 4000"); // sd 27
        List<String> order = heard.stream().map(h -> h.substring(h.indexOf(':') + 1)).toList();
        assertTrue(MemoryStreamTest.outOfOrder(order) > 500, "held-back messages are overtaken");
    }

    @Test
    void jitterSpreadsDeliveriesUniformly() {
        start("a", "b");
        network.setConditions("a", "b", LinkConditions.reliable(Duration.ofMillis(5)).withJitter(Duration.ofMillis(10)));
        List<Duration> delays = new ArrayList<>();
        network.trace(event -> {
            if (event.kind() == NetworkEvent.Kind.DELIVERED) {
                delays.add(Duration.between(Instant.EPOCH, event.at()));
            }
        });
        for (int i = 0; i < 2000; i++) {
            node("a").publish("t", new byte[0]);
        }
        time.runUntilIdle();

        double meanMillis = delays.stream().mapToLong(Duration::toNanos).average().orElseThrow() / 1e6;
        assertTrue(Math.abs(meanMillis - 10) < 0.5, "mean delay " + meanMillis + " ms, expected 5 + 10/2");
        assertTrue(delays.stream().allMatch(d -> d.toNanos() >= 5_000_000 && d.toNanos() <= 15_000_000));
    }

    @Test
    void partitionBreaksConnectionsResetsStreamsAndLosesWhatIsInFlight() {
        start("a", "b", "c", "d");
        node("c").handle(PROTOCOL, stream -> stream.inbound().subscribe(Collector.unbounded()));
        CompletableFuture<Stream> opened = node("a").openStream("c", PROTOCOL).toCompletableFuture();
        time.runUntilIdle();
        Collector reader = Collector.unbounded();
        opened.join().inbound().subscribe(reader);
        node("a").publish("t", "before".getBytes(UTF_8));

        network.partition(Set.of("a", "b"), Set.of("c", "d"));

        assertInstanceOf(IOException.class, reader.error);
        assertEquals(List.of("b"), peersOf("a"));
        assertEquals(List.of("d"), peersOf("c"));
        assertFalse(network.reachable("a", "d"));
        time.runUntilIdle();
        assertEquals(List.of("b<a:before"), heard, "the copies to c and d were on broken connections");
        assertEquals(1, network.stats("a", "c").dropped());
        assertInstanceOf(IOException.class, MemoryTransportTest.failure(opened.join().write(text("x"))));
        assertTrue(node("a").openStream("c", PROTOCOL).toCompletableFuture().isCompletedExceptionally());
    }

    @Test
    void peersInNoGroupFormOneMoreGroup() {
        start("a", "b", "c", "d");
        network.partition(Set.of("a"));
        assertEquals(List.of(), peersOf("a"));
        assertEquals(List.of("b", "d"), peersOf("c"));
        assertThrows(IllegalArgumentException.class, () -> network.partition(Set.of("a", "b"), Set.of("b")));
        assertThrows(IllegalArgumentException.class, () -> network.partition(Set.of("zed")));
    }

    @Test
    void healRestoresTheBrokenConnections() {
        start("a", "b", "c", "d");
        network.partition(Set.of("a", "b"), Set.of("c", "d"));
        network.heal();

        assertEquals(List.of("b", "c", "d"), peersOf("a"));
        node("c").handle(PROTOCOL, stream -> { });
        CompletableFuture<Stream> opened = node("a").openStream("c", PROTOCOL).toCompletableFuture();
        node("a").publish("t", "after".getBytes(UTF_8));
        time.runUntilIdle();
        assertEquals(List.of("b<a:after", "c<a:after", "d<a:after"), heard.stream().sorted().toList());
        assertEquals("c", opened.join().remotePeerId());
    }

    @Test
    void isolateCutsOnePeerOff() {
        start("a", "b", "c");
        network.isolate("b");

        assertEquals(List.of(), peersOf("b"));
        assertEquals(List.of("c"), peersOf("a"));
        assertTrue(MemoryTransportTest.failure(node("a").dial(node("b").address())) instanceof java.net.ConnectException);

        network.heal();
        assertEquals(List.of("a", "c"), peersOf("b"));
    }

    @Test
    void crashLosesMessagesToTheNodeAndFailsItsTransport() {
        start("a", "b", "c");
        node("c").handle(PROTOCOL, stream -> stream.inbound().subscribe(Collector.unbounded()));
        CompletableFuture<Stream> opened = node("a").openStream("c", PROTOCOL).toCompletableFuture();
        time.runUntilIdle();
        Collector reader = Collector.unbounded();
        opened.join().inbound().subscribe(reader);
        node("a").publish("t", "m".getBytes(UTF_8));

        network.crash("c");
        time.runUntilIdle();

        MemoryTransport crashed = node("c");
        assertTrue(crashed.isCrashed());
        assertInstanceOf(IOException.class, reader.error);
        assertEquals(List.of("b<a:m"), heard);
        assertEquals(new LinkStats(1, 0, 1, 0), network.stats("a", "c"));
        assertEquals(List.of("b"), peersOf("a"));
        assertEquals(List.of(), crashed.peers());
        assertThrows(IllegalStateException.class, () -> crashed.subscribe("t", m -> { }));
        assertThrows(IllegalStateException.class, () -> crashed.handle(PROTOCOL, s -> { }));
        assertInstanceOf(IllegalStateException.class, MemoryTransportTest.failure(crashed.publish("t", new byte[0])));
        assertInstanceOf(IllegalStateException.class, MemoryTransportTest.failure(crashed.dial(node("a").address())));
        assertThrows(IllegalStateException.class, () -> network.crash("c"));
    }

    @Test
    void restartGivesANewTransportOnTheSameAddress() {
        start("a", "b", "c");
        MemoryTransport before = node("c");
        assertThrows(IllegalStateException.class, () -> network.restart("c"), "only a crashed node restarts");
        network.crash("c");

        MemoryTransport after = network.restart("c");

        assertNotSame(before, after);
        assertFalse(after.isCrashed());
        assertEquals(before.address(), after.address());
        assertEquals(after, network.transportOf("c"));
        assertEquals(List.of(), after.peers(), "a restarted node dials again");
        after.subscribe("t", m -> heard.add("c again<" + m.from()));
        CompletableFuture<PeerInfo> dialed = node("a").dial(after.address()).toCompletableFuture();
        time.runUntilIdle();
        assertEquals("c", dialed.join().peerId());
        node("a").publish("t", new byte[0]);
        time.runUntilIdle();
        assertTrue(heard.contains("c again<a"), heard.toString());
        assertTrue(before.isCrashed(), "the old incarnation stays dead");
    }

    @Test
    void interceptorLetsANodeEquivocateInjectAndStaySilent() {
        start("byz", "b", "c", "d");
        network.intercept("byz", (from, to, channel, payload) -> switch (to) {
            case "b" -> List.of("value=1".getBytes(UTF_8));
            case "c" -> List.of("value=2".getBytes(UTF_8), "forged".getBytes(UTF_8));
            default -> List.of();
        });

        node("byz").publish("t", "value=0".getBytes(UTF_8));
        time.runUntilIdle();

        assertEquals(List.of("b<byz:value=1", "c<byz:value=2", "c<byz:forged"), heard);
        assertEquals(0, network.stats("byz", "d").sent());
        assertEquals(2, network.stats("byz", "c").sent());
    }

    @Test
    void interceptorSeesStreamMessagesAndCanBeRemoved() {
        start("byz", "b");
        List<String> seen = new ArrayList<>();
        Registration interception = network.intercept("byz", (from, to, channel, payload) -> {
            seen.add(from + "->" + to + " " + channel);
            return List.of(payload, "injected".getBytes(UTF_8));
        });
        Collector reader = Collector.unbounded();
        node("b").handle(PROTOCOL, stream -> stream.inbound().subscribe(reader));
        CompletableFuture<Stream> opened = node("byz").openStream("b", PROTOCOL).toCompletableFuture();
        time.runUntilIdle();

        opened.join().write(text("honest"));
        time.runUntilIdle();
        interception.close();
        opened.join().write(text("later"));
        time.runUntilIdle();

        assertEquals(List.of("honest", "injected", "later"), reader.received);
        assertEquals(List.of("byz->b " + PROTOCOL), seen);
    }

    @Test
    void perLinkConditionsOverrideTheDefaults() {
        start("a", "b");
        network.setDefaultConditions(LinkConditions.reliable(Duration.ofMillis(3)));
        network.setConditions("a", "b", LinkConditions.reliable(Duration.ofMillis(50)));

        assertEquals(Duration.ofMillis(50), network.conditions("a", "b").latency());
        assertEquals(Duration.ofMillis(3), network.conditions("b", "a").latency());
        network.clearConditions("a", "b");
        assertEquals(Duration.ofMillis(3), network.conditions("a", "b").latency());
        assertThrows(IllegalArgumentException.class, () -> LinkConditions.DEFAULT.withDropRate(1.5));
        assertThrows(IllegalArgumentException.class, () -> LinkConditions.DEFAULT.withJitter(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> network.setConditions("a", "a", LinkConditions.DEFAULT));
    }
}
