package org.aegis.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.aegis.api.node.NodeEvent;
import org.junit.jupiter.api.Test;

class EventBusTest {

    static NodeEvent event(String topic) {
        return new NodeEvent(topic, "test", Instant.EPOCH, Map.of());
    }

    @Test
    void deliversInOrderToMatchingListenersOnly() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<String> other = new CopyOnWriteArrayList<>();
        try (EventBus bus = new EventBus(100)) {
            bus.addListener(e -> seen.add(e.topic()), TopicFilter.of("a/*"));
            bus.addListener(e -> other.add(e.topic()), TopicFilter.of("b"));
            for (int i = 0; i < 50; i++) {
                bus.publish(event("a/" + i));
            }
            bus.publish(event("b"));
        }
        assertEquals(50, seen.size());
        for (int i = 0; i < 50; i++) {
            assertEquals("a/" + i, seen.get(i));
        }
        assertEquals(List.of("b"), other);
    }

    @Test
    void failingListenerDoesNotStopOthers() {
        List<String> seen = new CopyOnWriteArrayList<>();
        EventBus bus = new EventBus(10);
        bus.addListener(e -> {
            throw new IllegalStateException("listener bug");
        }, TopicFilter.of(null));
        bus.addListener(e -> seen.add(e.topic()), TopicFilter.of(null));
        bus.publish(event("x"));
        bus.close();
        assertEquals(List.of("x"), seen);
        assertEquals(1, bus.listenerFailures());
    }

    @Test
    void fullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        EventBus bus = new EventBus(2);
        bus.addListener(e -> {
            started.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }, TopicFilter.of(null));
        bus.publish(event("first"));
        assertTrue(started.await(5, TimeUnit.SECONDS));
        for (int i = 0; i < 10; i++) {
            bus.publish(event("more"));
        }
        assertEquals(8, bus.dropped());
        release.countDown();
        bus.close();
    }

    @Test
    void closeLeavesNoThreadBehind() {
        EventBus bus = new EventBus(10);
        bus.publish(event("x"));
        bus.close();
        boolean alive = Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("aegis-node-events") && t.isAlive());
        assertFalse(alive);
    }
}
