package org.aegis.transport.libp2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.aegis.transport.libp2p.TransportSettings.InboundLimits;
import org.junit.jupiter.api.Test;

class TransportSettingsTest {
    @Test
    void inboundLimitsBelowOneAreRefusedByName() {
        assertEquals("Invalid org.aegis.transport.libp2p configuration: maxPendingHandshakes must be 1 to 100000, not 0",
                assertThrows(IllegalArgumentException.class, () -> new InboundLimits(0, 8, 16)).getMessage());
        assertEquals("Invalid org.aegis.transport.libp2p configuration: maxPendingHandshakesPerAddress must be 1 to "
                + "100000, not -1", assertThrows(IllegalArgumentException.class, () -> new InboundLimits(64, -1, 16))
                .getMessage());
        assertEquals("Invalid org.aegis.transport.libp2p configuration: maxConnectionsPerAddress must be 1 to 100000, "
                + "not 0", assertThrows(IllegalArgumentException.class, () -> new InboundLimits(64, 8, 0)).getMessage());
    }

    @Test
    void theDefaultsBoundInboundConnections() {
        assertEquals(new InboundLimits(64, 8, 16), TransportSettings.defaults("127.0.0.1", 0, List.of()).inboundLimits());
    }
}
