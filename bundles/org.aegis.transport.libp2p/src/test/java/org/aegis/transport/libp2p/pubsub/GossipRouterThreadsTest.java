package org.aegis.transport.libp2p.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.aegis.transport.libp2p.TestIdentity;
import org.junit.jupiter.api.Test;

/**
 * The router on real threads: RPCs arrive from several threads at once (as from Netty event loops) while the
 * heartbeat runs on a two-thread scheduler. Bounded by latches with timeouts, never by sleeps.
 */
class GossipRouterThreadsTest {
    private static final String TOPIC = "aegis/metrics/1";
    private static final int NODES = 5;
    private static final int MESSAGES_PER_NODE = 20;

    /**
     * Gossipsub promises nothing for a message published before its peers' subscriptions arrived, so publishing
     * starts once every router has all others in its mesh.
     */
    private static void awaitFullMesh(List<GossipRouter> routers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            boolean full = true;
            for (GossipRouter router : routers) {
                GossipSnapshot snapshot = router.snapshot().toCompletableFuture().get(10, TimeUnit.SECONDS);
                full &= snapshot.mesh().getOrDefault(TOPIC, Set.of()).size() == NODES - 1;
            }
            if (full) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the mesh did not form within 10 s");
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    @Test
    void concurrentPublishingAndReceivingDeliversEverythingOnce() throws Exception {
        GossipConfig config = GossipConfig.defaults().toBuilder().heartbeatInterval(Duration.ofMillis(20)).build();
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        ExecutorService publishers = Executors.newFixedThreadPool(NODES);
        List<GossipRouter> routers = new ArrayList<>();
        try {
            List<TestIdentity> identities = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                identities.add(new TestIdentity(500 + i));
                routers.add(new GossipRouter(config, identities.get(i), scheduler, Clock.systemUTC()));
            }
            int expected = (NODES - 1) * MESSAGES_PER_NODE; // every message but a node's own
            CountDownLatch allDelivered = new CountDownLatch(NODES * expected);
            List<Set<String>> received = new ArrayList<>();
            for (GossipRouter router : routers) {
                Set<String> texts = ConcurrentHashMap.newKeySet();
                received.add(texts);
                router.subscribe(TOPIC, message -> {
                    if (texts.add(new String(message.data(), StandardCharsets.UTF_8))) {
                        allDelivered.countDown();
                    }
                });
            }
            // each link delivers on the sending thread, as an event loop would hand over a decoded frame
            for (int a = 0; a < NODES; a++) {
                for (int b = a + 1; b < NODES; b++) {
                    GossipRouter ra = routers.get(a);
                    GossipRouter rb = routers.get(b);
                    String ida = identities.get(a).peerId();
                    String idb = identities.get(b).peerId();
                    ra.peerConnected(idb, rpc -> {
                        rb.rpcReceived(ida, rpc);
                        return true;
                    }, Direction.OUTBOUND, null);
                    rb.peerConnected(ida, rpc -> {
                        ra.rpcReceived(idb, rpc);
                        return true;
                    }, Direction.INBOUND, null);
                }
            }
            awaitFullMesh(routers);
            for (int i = 0; i < NODES; i++) {
                GossipRouter router = routers.get(i);
                int node = i;
                publishers.execute(() -> {
                    for (int m = 0; m < MESSAGES_PER_NODE; m++) {
                        router.publish(TOPIC, ("node " + node + " message " + m).getBytes(StandardCharsets.UTF_8));
                    }
                });
            }

            assertTrue(allDelivered.await(30, TimeUnit.SECONDS), "every node received every message");
            for (int i = 0; i < NODES; i++) {
                assertEquals(expected, received.get(i).size());
                GossipSnapshot snapshot = routers.get(i).snapshot().toCompletableFuture().get(10, TimeUnit.SECONDS);
                assertEquals(0, snapshot.internalErrors());
                assertEquals(NODES - 1, snapshot.peerTopics().size());
            }
        } finally {
            routers.forEach(GossipRouter::close);
            publishers.shutdownNow();
            scheduler.shutdownNow();
            assertTrue(scheduler.awaitTermination(10, TimeUnit.SECONDS));
            assertTrue(publishers.awaitTermination(10, TimeUnit.SECONDS));
        }
    }
}
