package org.aegis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The pen test's browser attacks: DNS rebinding (Host: evil.example) and cross-site WebSocket reads. */
class OriginPolicyTest {
    private final OriginPolicy defaults = new OriginPolicy(new String[0], new String[0]);

    @Test
    void openReadsAnswerOnlyLoopbackNames() {
        assertTrue(defaults.hostAllowed("localhost:8003"));
        assertTrue(defaults.hostAllowed("127.0.0.1:8003"));
        assertTrue(defaults.hostAllowed("[::1]:8003"));
        assertTrue(defaults.hostAllowed("LOCALHOST"));
        assertFalse(defaults.hostAllowed("evil.example:8003"));
        assertFalse(defaults.hostAllowed("localhost.evil.example"));
        assertFalse(defaults.hostAllowed("127.0.0.1.nip.io"));
        assertTrue(new OriginPolicy(new String[] {" Node1.lan "}, new String[0]).hostAllowed("node1.lan:8003"));
    }

    @Test
    void webSocketsOpenFromTheNodesOwnPagesAndAllowedOriginsOnly() {
        assertTrue(defaults.originAllowed(null, "localhost:8003"), "not a browser");
        assertTrue(defaults.originAllowed("http://localhost:8003", "localhost:8003"), "the dashboard");
        assertFalse(defaults.originAllowed("http://evil.example", "localhost:8003"));
        assertFalse(defaults.originAllowed("http://localhost:9999", "localhost:8003"), "another local service");
        assertFalse(defaults.originAllowed("null", "localhost:8003"), "a sandboxed frame");
        OriginPolicy allowing = new OriginPolicy(new String[0], new String[] {"https://ops.example:8443/"});
        assertTrue(allowing.originAllowed("https://ops.example:8443", "node:8003"));
    }

    @Test
    void hostNamesLoseTheirPort() {
        assertEquals("[::1]", OriginPolicy.hostName("[::1]:8003"));
        assertEquals("example", OriginPolicy.hostName("Example:80"));
    }
}
