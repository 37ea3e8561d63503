package org.aegis.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.node.HealthState;
import org.aegis.testing.InMemoryStore;
import org.junit.jupiter.api.Test;

/** The engine with its own threads, as SCR runs it. */
class MetricsEngineThreadsTest {
    @Test
    void runsOnItsThreadsAndLeavesNoThreadBehind() throws Exception {
        MetricsConfig config = TestConfig.with(Map.of("tickHz", 1000.0, "window", 300, "phiIntervalMs", 100L,
                "historyIntervalMs", 100L));
        InMemoryStore store = new InMemoryStore();
        MetricsEngineComponent engine = new MetricsEngineComponent(config, store, Fakes.identity("12D3KooWMe"));
        Fakes.FakeTransport transport = new Fakes.FakeTransport();
        Fakes.FakeNode node = new Fakes.FakeNode();
        engine.bindTransport(transport);
        engine.bindNodeService(node);
        engine.start();
        try {
            assertEquals(List.of("aegis-metrics-phi", "aegis-metrics-tick"), metricsThreads());
            // 260 ticks at 1000 Hz, then Φ on its own thread
            await(() -> engine.current().isPresent() && !transport.published.isEmpty()
                    && store.map(MetricsHistory.MAP).size() > 0, Duration.ofSeconds(20));
            MetricsReport report = engine.current().orElseThrow();
            assertEquals("12D3KooWMe", report.nodeId());
            assertTrue(engine.networkTick().tickIntervals().ticks() >= 260);
            assertTrue(engine.health().detail().startsWith("tick 1000 Hz (interval mean"), engine.health().detail());
            assertTrue(node.events.size() >= 1);
            // a rate change reschedules the tick
            engine.modified(TestConfig.with(Map.of("tickHz", 500.0, "window", 300, "phiIntervalMs", 100L)));
            long ticks = engine.networkTick().tickIntervals().ticks();
            await(() -> engine.networkTick().tickIntervals().ticks() > ticks + 50, Duration.ofSeconds(20));
            assertEquals(List.of("aegis-metrics-phi", "aegis-metrics-tick"), metricsThreads());
            assertTrue(engine.health().state() != HealthState.DOWN);
        } finally {
            engine.deactivate();
        }
        assertEquals(List.of(), metricsThreads());
        assertTrue(transport.open().isEmpty());
        long ticks = engine.networkTick().tickIntervals().ticks();
        TimeUnit.MILLISECONDS.sleep(50);
        assertEquals(ticks, engine.networkTick().tickIntervals().ticks(), "ticks after deactivation");
    }

    @Test
    void deactivateWithoutStartIsHarmless() {
        MetricsEngineComponent engine = new MetricsEngineComponent(MetricsSettings.defaults(), new InMemoryStore(),
                Fakes.identity("12D3KooWMe"), Clock.systemUTC(), System::nanoTime);
        engine.deactivate();
        engine.start(); // after deactivation: stays stopped
        assertEquals(List.of(), metricsThreads());
    }

    static List<String> metricsThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("aegis-metrics-")).sorted().toList();
    }

    static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
