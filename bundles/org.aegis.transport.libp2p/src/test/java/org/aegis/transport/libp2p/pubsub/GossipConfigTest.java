package org.aegis.transport.libp2p.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GossipConfigTest {
    @Test
    void defaultsAreTheSpecsValues() {
        GossipConfig config = GossipConfig.defaults();
        assertEquals(6, config.d());
        assertEquals(5, config.dLow());
        assertEquals(12, config.dHigh());
        assertEquals(6, config.dLazy());
        assertEquals(Duration.ofSeconds(1), config.heartbeatInterval());
        assertEquals(5, config.mcacheLength());
        assertEquals(3, config.mcacheGossip());
        assertEquals(Duration.ofMinutes(2), config.seenTtl());
        assertEquals(Duration.ofMinutes(1), config.pruneBackoff());
        assertTrue(config.floodPublish());
        assertEquals(config, config.toBuilder().build());
    }

    @Test
    void inconsistentMeshBoundsNameTheField() {
        assertMessage("dLow", GossipConfig.builder().mesh(6, 7, 12, 4, 2));
        assertMessage("dHigh", GossipConfig.builder().mesh(6, 5, 5, 4, 2));
        assertMessage("dOut", GossipConfig.builder().mesh(6, 5, 12, 4, 5));
        assertMessage("dScore", GossipConfig.builder().mesh(6, 5, 12, 7, 2));
        assertMessage("mcacheGossip", GossipConfig.builder().messageCache(3, 4));
        assertMessage("heartbeatInterval", GossipConfig.builder().heartbeatInterval(Duration.ZERO));
        assertMessage("gossipFactor", GossipConfig.builder().gossip(6, 1.5));
        GossipConfig bootstrapper = GossipConfig.builder().mesh(0, 0, 0, 0, 0).build();
        assertEquals(0, bootstrapper.d(), "the spec's bootstrapper setting is valid");
    }

    @Test
    void thresholdsMustBeOrdered() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PeerScoreThresholds(-10, -5, -80, 10, 1));
        assertTrue(e.getMessage().startsWith("publishThreshold"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PeerScoreThresholds(-10, -50, -50, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> new PeerScoreThresholds(1, -50, -80, 10, 1));
    }

    @Test
    void scoreWeightsMustHaveTheSpecsSigns() {
        TopicScoreParams d = TopicScoreParams.defaults();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TopicScoreParams(
                d.topicWeight(), d.timeInMeshWeight(), d.timeInMeshQuantum(), d.timeInMeshCap(),
                d.firstMessageDeliveriesWeight(), d.firstMessageDeliveriesDecay(), d.firstMessageDeliveriesCap(),
                d.meshMessageDeliveriesWeight(), d.meshMessageDeliveriesDecay(), d.meshMessageDeliveriesThreshold(),
                d.meshMessageDeliveriesCap(), d.meshMessageDeliveriesActivation(), d.meshMessageDeliveriesWindow(),
                d.meshFailurePenaltyWeight(), d.meshFailurePenaltyDecay(), 10, d.invalidMessageDeliveriesDecay()));
        assertTrue(e.getMessage().startsWith("invalidMessageDeliveriesWeight"), e.getMessage());
    }

    private static void assertMessage(String field, GossipConfig.Builder builder) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
        assertTrue(e.getMessage().startsWith(field), e.getMessage());
    }
}
