package org.aegis.transport.memory;

import static org.aegis.transport.memory.Collector.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.aegis.api.transport.Stream;
import org.junit.jupiter.api.Test;

/**
 * The PBFT simulations run 100+ seeded networks per build, so a large one must be cheap: these 500,000 messages
 * take about 0.6 s of CPU in a cold surefire JVM. The bound is on the thread's CPU time, which other builds on a
 * shared machine do not inflate the way they stretch wall time (1.3 to 8 s here under load).
 */
class ScaleTest {
    private static final int NODES = 50;
    private static final int MESSAGES_PER_NODE = 10_000;

    private final VirtualTime time = new VirtualTime();
    private final MemoryNetwork network = new MemoryNetwork(1, time);
    private long received;

    @Test
    void fiftyNodesSendTenThousandStreamMessagesEach() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();

        long sent = simulate();

        Duration cpu = Duration.ofNanos(threads.getCurrentThreadCpuTime() - cpuStart);
        assertEquals(NODES * MESSAGES_PER_NODE, sent);
        assertEquals(sent, received);
        assertEquals(sent, network.totalStats().delivered());
        assertTrue(cpu.compareTo(Duration.ofSeconds(3)) < 0, "took " + cpu + " of CPU");
    }

    /** Every node streams to every other, one message per peer per round, a round every millisecond. */
    private long simulate() {
        network.setDefaultConditions(LinkConditions.reliable(Duration.ofMillis(2)).withJitter(Duration.ofMillis(3)));
        List<MemoryTransport> nodes = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            MemoryTransport node = network.transport("node-" + i);
            node.handle("/sim/1", stream -> stream.inbound().subscribe(counting()));
            nodes.add(node);
        }
        network.connectAll();
        List<CompletableFuture<Stream>> streams = new ArrayList<>();
        for (MemoryTransport node : nodes) {
            for (MemoryTransport peer : nodes) {
                if (peer != node) {
                    streams.add(node.openStream(peer.peerId(), "/sim/1").toCompletableFuture());
                }
            }
        }
        time.runUntilIdle();

        long sent = 0;
        for (int round = 0; sent < (long) NODES * MESSAGES_PER_NODE; round++) {
            for (int i = 0; i < streams.size() && sent < (long) NODES * MESSAGES_PER_NODE; i++) {
                streams.get(i).join().write(text("round " + round));
                sent++;
            }
            time.advance(Duration.ofMillis(1));
        }
        time.runUntilIdle();
        return sent;
    }

    private Flow.Subscriber<ByteBuffer> counting() {
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                received++;
            }

            @Override
            public void onError(Throwable throwable) {
                throw new AssertionError(throwable);
            }

            @Override
            public void onComplete() {
            }
        };
    }
}
