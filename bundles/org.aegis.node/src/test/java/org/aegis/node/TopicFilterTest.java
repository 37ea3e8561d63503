package org.aegis.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TopicFilterTest {
    @Test
    void noPropertyMatchesEverything() {
        assertTrue(TopicFilter.of(null).matches("aegis/anything"));
    }

    @Test
    void exactAndPrefix() {
        TopicFilter filter = TopicFilter.of(new String[] {"aegis/node/started", "aegis/consensus/*"});
        assertTrue(filter.matches("aegis/node/started"));
        assertTrue(filter.matches("aegis/consensus/decided"));
        assertFalse(filter.matches("aegis/node/stopped"));
        assertFalse(filter.matches("aegis/consensusX"));
    }

    @Test
    void wrongTypeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> TopicFilter.of(42));
    }
}
