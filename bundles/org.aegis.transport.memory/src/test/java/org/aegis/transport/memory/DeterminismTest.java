package org.aegis.transport.memory;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.aegis.transport.memory.Collector.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.aegis.api.transport.Stream;
import org.junit.jupiter.api.Test;

/** A seed replays a run exactly: the PBFT simulations rely on it to reproduce a failing seed. */
class DeterminismTest {
    private static final String PROTOCOL = "/aegis/sim/1.0.0";

    /** Every fault at once: jitter, drops, duplicates, reordering, unreliable streams, a partition, a crash. */
    private static List<String> run(long seed) {
        VirtualTime time = new VirtualTime();
        MemoryNetwork network = new MemoryNetwork(seed, time);
        network.setDefaultConditions(LinkConditions.reliable(Duration.ofMillis(5)).withJitter(Duration.ofMillis(4))
                .withDropRate(0.1).withDuplicateRate(0.1).withReorder(0.2, Duration.ofMillis(20)));
        network.setConditionsBothWays("n0", "n1", network.defaultConditions().withUnreliableStreams(true));
        List<String> trace = new ArrayList<>();
        network.trace(e -> trace.add(e.at() + " " + e.kind() + " " + e.from() + ">" + e.to() + " "
                + new String(e.payload(), UTF_8)));
        List<MemoryTransport> nodes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "n" + i;
            MemoryTransport node = network.transport(id);
            node.subscribe("t", m -> trace.add(time.elapsed() + " heard " + id + "<" + m.from()));
            node.handle(PROTOCOL, stream -> stream.inbound().subscribe(Collector.unbounded()));
            nodes.add(node);
        }
        network.connectAll();
        List<CompletableFuture<Stream>> streams = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            streams.add(nodes.get(i).openStream("n" + (i + 1) % 5, PROTOCOL).toCompletableFuture());
        }
        time.schedule(() -> network.partition(Set.of("n0", "n1"), Set.of("n2", "n3", "n4")), 30, TimeUnit.MILLISECONDS);
        time.schedule(network::heal, 60, TimeUnit.MILLISECONDS);
        time.schedule(() -> network.crash("n4"), 80, TimeUnit.MILLISECONDS);
        for (int round = 0; round < 100; round++) {
            for (int i = 0; i < 5; i++) {
                if (!nodes.get(i).isCrashed()) {
                    nodes.get(i).publish("t", ("p" + round).getBytes(UTF_8));
                }
                CompletableFuture<Stream> stream = streams.get(i);
                if (stream.isDone() && !stream.isCompletedExceptionally()) {
                    stream.join().write(text("s" + round));
                }
            }
            time.advance(Duration.ofMillis(1));
        }
        time.runUntilIdle();
        trace.add(network.stats().toString());
        return trace;
    }

    @Test
    void sameSeedReplaysTheSameRun() {
        List<String> first = run(17);
        List<String> second = run(17);

        assertTrue(first.size() > 1000, "a run with many events: " + first.size());
        assertEquals(first, second);
    }

    @Test
    void differentSeedsGiveDifferentRuns() {
        assertNotEquals(run(17), run(18));
    }
}
