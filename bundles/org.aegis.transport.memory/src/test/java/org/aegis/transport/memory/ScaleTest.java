package org.aegis.transport.memory;

import static org.aegis.transport.memory.Collector.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeout;

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
 * took 0.35 s (warm JIT) to 2.5 s (cold, in surefire) on the shared, loaded 2-core build machine. The bound is
 * loose so that load does not fail it; it catches a change that makes the queue or the streams slower by an
 * order of magnitude.
 */
class ScaleTest {
    private static final int NODES = 50;
    private static final int MESSAGES_PER_NODE = 10_000;

    @Test
    void fiftyNodesSendTenThousandStreamMessagesEach() {
        long[] received = {0};
        assertTimeout(Duration.ofSeconds(10), () -> {
            VirtualTime time = new VirtualTime();
            MemoryNetwork network = new MemoryNetwork(1, time);
            network.setDefaultConditions(LinkConditions.reliable(Duration.ofMillis(2)).withJitter(Duration.ofMillis(3)));
            List<MemoryTransport> nodes = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                MemoryTransport node = network.transport("node-" + i);
                node.handle("/sim/1", stream -> stream.inbound().subscribe(counting(received)));
                nodes.add(node);
            }
            network.connectAll();
            List<List<CompletableFuture<Stream>>> streams = new ArrayList<>();
            for (MemoryTransport node : nodes) {
                List<CompletableFuture<Stream>> out = new ArrayList<>();
                for (MemoryTransport peer : nodes) {
                    if (peer != node) {
                        out.add(node.openStream(peer.peerId(), "/sim/1").toCompletableFuture());
                    }
                }
                streams.add(out);
            }
            time.runUntilIdle();

            // each node sends in rounds of one message per peer, a round every millisecond
            int rounds = MESSAGES_PER_NODE / (NODES - 1) + 1;
            long sent = 0;
            for (int round = 0; round < rounds && sent < (long) NODES * MESSAGES_PER_NODE; round++) {
                for (List<CompletableFuture<Stream>> out : streams) {
                    for (CompletableFuture<Stream> stream : out) {
                        stream.join().write(text("round " + round));
                        sent++;
                    }
                }
                time.advance(Duration.ofMillis(1));
            }
            time.runUntilIdle();
            assertEquals(sent, received[0]);
            assertEquals(sent, network.totalStats().delivered());
        });
    }

    private static Flow.Subscriber<ByteBuffer> counting(long[] received) {
        return new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                received[0]++;
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
