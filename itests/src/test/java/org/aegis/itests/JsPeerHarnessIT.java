package org.aegis.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.aegis.itests.JsPeer.Identify;
import org.aegis.itests.JsPeer.Message;
import org.aegis.itests.JsPeer.Options;
import org.aegis.itests.JsPeer.PeerInfo;
import org.aegis.itests.JsPeer.StreamBench;
import org.junit.jupiter.api.Test;

/**
 * Two js-libp2p peers driven through {@link JsPeer}: proves the harness, and what a js peer does, before AEGIS's
 * own transport is the other side.
 */
class JsPeerHarnessIT {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Options FAST_GOSSIP = Options.defaults().withHeartbeat(Duration.ofMillis(200));

    @Test
    void twoJsPeersConnectPingIdentifyGossipAndStream() {
        try (JsPeer a = JsPeer.start(FAST_GOSSIP); JsPeer b = JsPeer.start(FAST_GOSSIP)) {
            assertEquals(b.peerId(), a.dial(b.address()));
            a.awaitEvent("connected", b.peerId(), WAIT);
            b.awaitEvent("connected", a.peerId(), WAIT);

            PeerInfo seen = a.peers().stream().filter(p -> p.peer().equals(b.peerId())).findFirst().orElseThrow();
            assertEquals("/noise", seen.connections().get(0).encryption());
            assertEquals("/yamux/1.0.0", seen.connections().get(0).multiplexer());
            assertEquals("outbound", seen.connections().get(0).direction());

            assertTrue(a.ping(b.peerId()) >= 0);
            assertTrue(b.ping(a.peerId()) >= 0);

            Identify identified = a.identify(b.peerId());
            assertEquals(b.peerId(), identified.peer());
            assertTrue(identified.protocols().containsAll(List.of("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0",
                    "/meshsub/1.1.0", JsPeer.ECHO_PROTOCOL, JsPeer.SINK_PROTOCOL)), identified.protocols().toString());
            assertTrue(identified.agentVersion().startsWith("js-libp2p/"), identified.agentVersion());
            String bListen = b.address().substring(0, b.address().indexOf("/p2p/"));
            assertTrue(identified.listenAddrs().contains(bListen), identified.listenAddrs().toString());
            assertNotNull(identified.observedAddr());
            assertTrue(identified.signedPeerRecord());

            String topic = "aegis/itest/1";
            a.subscribe(topic);
            b.subscribe(topic);
            a.awaitEvent("subscription", b.peerId(), WAIT);
            b.awaitEvent("subscription", a.peerId(), WAIT);

            assertEquals(List.of(b.peerId()), a.publish(topic, bytes("from a")));
            Message atB = b.awaitMessage(topic, WAIT);
            assertEquals(a.peerId(), atB.from());
            assertArrayEquals(bytes("from a"), atB.data());

            assertEquals(List.of(a.peerId()), b.publish(topic, bytes("from b")));
            Message atA = a.awaitMessage(topic, WAIT);
            assertEquals(b.peerId(), atA.from());
            assertArrayEquals(bytes("from b"), atA.data());
            assertNotEquals(atA.seqno(), atB.seqno());

            a.awaitEvent("graft", b.peerId(), WAIT);
            assertEquals(List.of(b.peerId()), a.meshPeers(topic));

            byte[] payload = new byte[200_000];
            new Random(7).nextBytes(payload);
            assertArrayEquals(payload, a.echo(b.peerId(), payload));

            StreamBench bench = a.streamBench(b.peerId(), 8 << 20, WAIT);
            assertEquals(8 << 20, bench.bytes());
            assertTrue(bench.ms() > 0 && bench.megabytesPerSecond() > 0);

            a.hangup(b.peerId());
            b.awaitEvent("disconnected", a.peerId(), WAIT);
            assertTrue(a.peers().isEmpty());
        }
    }

    @Test
    void badCommandsGetErrorsAndThePeerKeepsServing() {
        try (JsPeer peer = JsPeer.start()) {
            assertTrue(assertThrows(JsPeer.CommandFailed.class, () -> peer.request("fly", Map.of(), WAIT))
                    .getMessage().contains("unknown command \"fly\""));
            assertTrue(assertThrows(JsPeer.CommandFailed.class, () -> peer.ping("not a peer id")).getMessage()
                    .contains("InvalidParametersError"));
            assertTrue(assertThrows(JsPeer.CommandFailed.class, () -> peer.request("publish", Map.of("topic", 3), WAIT))
                    .getMessage().contains("\"data\" must be a string"));
            // Nothing listens on the discard port.
            assertTrue(assertThrows(JsPeer.CommandFailed.class, () -> peer.dial("/ip4/127.0.0.1/tcp/9")).getMessage()
                    .contains("ECONNREFUSED"));
            assertTrue(peer.peers().isEmpty());
            assertTrue(peer.alive());
            assertEquals(List.of(), peer.drainEvents(), "bad commands get replies, not events");
        }
    }

    @Test
    void aSeedGivesTheSamePeerIdEveryTime() {
        byte[] seed = new byte[32];
        seed[31] = 1;
        String first;
        try (JsPeer peer = JsPeer.start(Options.defaults().withSeed(seed))) {
            first = peer.peerId();
        }
        try (JsPeer again = JsPeer.start(Options.defaults().withSeed(seed)); JsPeer random = JsPeer.start()) {
            assertEquals(first, again.peerId());
            assertNotEquals(first, random.peerId());
            assertTrue(first.startsWith("12D3KooW"), first); // an Ed25519 key inlined in the peer id
        }
    }

    @Test
    void closeStopsTheProcessAndFreesItsPort() {
        JsPeer peer = JsPeer.start();
        String address = peer.address();
        int port = Integer.parseInt(address.split("/")[4]);
        assertTrue(Ports.listening(port));
        peer.close();
        assertFalse(peer.alive());
        assertFalse(Ports.listening(port));
        assertThrows(JsPeer.CommandFailed.class, peer::peers);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
