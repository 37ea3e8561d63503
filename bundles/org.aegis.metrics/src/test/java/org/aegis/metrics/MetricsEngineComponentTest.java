package org.aegis.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.aegis.api.metrics.ConsciousnessMetrics;
import org.aegis.api.metrics.GlobalState;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.metrics.WindowAnalysis;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthState;
import org.aegis.api.node.NodeEvent;
import org.aegis.api.transport.PubSubMessage;
import org.aegis.metrics.math.MetricWeights;
import org.aegis.metrics.math.OrderParameters;
import org.aegis.metrics.math.WindowCalculator;
import org.aegis.testing.CollectedMetrics;
import org.aegis.testing.InMemoryStore;
import org.aegis.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** The engine driven by hand: no threads, a test clock, ticks one at a time, Φ on the ticking thread. */
class MetricsEngineComponentTest {
    static final String ME = "12D3KooWMe";
    static final String PEER = "12D3KooWPeer";
    static final String TOPIC = "aegis/metrics/1";
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
    /** A short window keeps the tests fast; reports start at 260 samples either way. */
    static final int WINDOW = 300;
    static final int REPORT_SAMPLES = 260;

    final InMemoryStore store = new InMemoryStore();
    final MutableClock clock = new MutableClock(START);
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final MetricsMessageCodec codec = new MetricsMessageCodec();

    static MetricsSettings settings(Map<String, Object> overrides) {
        Map<String, Object> properties = new HashMap<>(Map.of("window", WINDOW));
        properties.putAll(overrides);
        return MetricsSettings.from(TestConfig.with(properties));
    }

    MetricsEngineComponent engine(Map<String, Object> overrides) {
        return new MetricsEngineComponent(settings(overrides), store, Fakes.identity(ME), clock, nanos::get);
    }

    /** {@code count} ticks, the clock and the nano clock moving one period (50 ms at 20 Hz) each. */
    void tick(MetricsEngineComponent engine, int count) {
        long period = engine.settings().tickPeriodNanos();
        for (int i = 0; i < count; i++) {
            clock.advance(Duration.ofNanos(period));
            nanos.addAndGet(period);
            engine.networkTick().run();
        }
    }

    @Test
    void reportAppearsOnlyOnceTheWindowHolds20nSamples() {
        MetricsEngineComponent engine = engine(Map.of());
        tick(engine, REPORT_SAMPLES - 1);
        assertTrue(engine.current().isEmpty());
        assertTrue(engine.currentAnalysis().isEmpty());
        assertTrue(engine.networkTick().live().isEmpty());
        assertEquals(REPORT_SAMPLES - 1, engine.networkTick().windowFill());
        tick(engine, 1);
        MetricsReport report = engine.current().orElseThrow();
        assertEquals(ME, report.nodeId());
        assertEquals(clock.instant(), report.timestamp());
        ConsciousnessMetrics m = report.metrics();
        assertTrue(m.phi() >= 0 && Double.isFinite(m.phi()));
        assertInUnit(m.coherence());
        assertInUnit(m.stability());
        assertInUnit(m.divergence());
        assertInUnit(m.consciousnessLevel());
        // alone: the network is the node
        assertEquals(new GlobalState(1.0, m.consciousnessLevel(), 1.0), report.global());
        WindowAnalysis analysis = engine.currentAnalysis().orElseThrow();
        assertEquals(m, analysis.metrics());
        assertTrue(analysis.phiReliable());
        assertTrue(analysis.mibExact());
        assertEquals(13, analysis.oscillators());
        assertEquals(REPORT_SAMPLES, analysis.samples());
        assertEquals(13, analysis.mib().first().size() + analysis.mib().second().size());
        assertTrue(analysis.mib().second().contains(12));
        LiveMetrics live = engine.networkTick().live().orElseThrow();
        assertEquals(m.coherence(), live.coherence());
        assertEquals(report.meanPhase(), live.meanPhase());
        assertEquals(1, engine.reportProducer().phiRuns());
    }

    @Test
    void oscillatorStateIsTheNetworkAtTheLastTick() {
        MetricsEngineComponent engine = engine(Map.of("coupling", 1.5));
        assertTrue(engine.oscillators().isEmpty());
        tick(engine, 3);
        var state = engine.oscillators().orElseThrow();
        assertEquals(clock.instant(), state.time());
        assertEquals(13, state.phases().size());
        assertEquals(Arrays.stream(engine.networkTick().phases()).boxed().toList(), state.phases());
        state.phases().forEach(theta -> assertTrue(theta >= 0 && theta < 2 * Math.PI, "wrapped: " + theta));
        assertEquals(12, state.neighbours().get(0).size());
        assertEquals(6, state.neighbours().get(5).size());
        assertEquals(1.5, state.coupling());
        assertEquals(13, state.frequencies().size());
        tick(engine, 1);
        assertNotEquals(state.phases(), engine.oscillators().orElseThrow().phases());
    }

    @Test
    void reportIsTheCalculatorsAnswerOnTheSameWindow() {
        MetricsEngineComponent engine = engine(Map.of("weightPhi", 0.25, "weightCoherence", 0.25,
                "weightStability", 0.25, "weightDivergence", 0.25, "lag", 2));
        tick(engine, WINDOW); // Φ ran at ticks 260, 280 and 300, the last on a full window
        assertEquals(3, engine.reportProducer().phiRuns());
        WindowAnalysis analysis = engine.currentAnalysis().orElseThrow();
        assertEquals(WINDOW, analysis.samples());
        WindowAnalysis expected = new WindowCalculator(new MetricWeights(0.25, 0.25, 0.25, 0.25), 2)
                .analyse(engine.networkTick().windowSnapshot());
        assertEquals(expected, analysis);
        assertEquals(OrderParameters.meanPhase(engine.networkTick().windowSnapshot()),
                engine.current().orElseThrow().meanPhase());
        tick(engine, 17);
        assertEquals(analysis, engine.currentAnalysis().orElseThrow());
        assertEquals(WINDOW, engine.networkTick().live().orElseThrow().samples());
    }

    @Test
    void phiRunsAtTheConfiguredInterval() {
        MetricsEngineComponent engine = engine(Map.of("phiIntervalMs", 500L));
        tick(engine, REPORT_SAMPLES + 30);
        assertEquals(4, engine.reportProducer().phiRuns()); // at 260, 270, 280, 290
    }

    @Test
    void aSlowPhiIsSkippedNeverQueuedAndTheTickGoesOn() {
        MetricsEngineComponent engine = engine(Map.of());
        List<Runnable> held = new java.util.ArrayList<>();
        engine.reportProducer().runOn(held::add); // Φ "runs" until the test lets it finish
        tick(engine, REPORT_SAMPLES);
        assertEquals(1, held.size());
        tick(engine, 40); // two more turns while the first is still running
        assertEquals(1, held.size());
        assertEquals(2, engine.reportProducer().phiSkipped());
        assertEquals(REPORT_SAMPLES + 40, engine.networkTick().tickIntervals().ticks());
        assertTrue(engine.current().isEmpty());
        held.remove(0).run();
        assertTrue(engine.current().isPresent());
        assertEquals(REPORT_SAMPLES, engine.currentAnalysis().orElseThrow().samples());
        tick(engine, 20);
        assertEquals(1, held.size()); // the next turn starts again
        assertTrue(engine.health().detail().contains("2 skipped"), engine.health().detail());
    }

    @Test
    void aSkippedTurnMakesNoCopyOfTheWindow() {
        MetricsEngineComponent engine = engine(Map.of());
        List<Runnable> held = new java.util.ArrayList<>();
        engine.reportProducer().runOn(held::add);
        tick(engine, REPORT_SAMPLES); // the first turn now holds Φ
        java.util.concurrent.atomic.AtomicInteger copies = new java.util.concurrent.atomic.AtomicInteger();
        engine.reportProducer().offer(() -> {
            copies.incrementAndGet();
            return org.aegis.metrics.math.PhaseWindow.of(new double[][] {{0, 0}});
        }, engine.networkTick().live().orElseThrow(), engine.settings());
        assertEquals(0, copies.get());
        assertEquals(1, engine.reportProducer().phiSkipped());
    }

    @Test
    void calculatorUsesTheConfiguredWeights() {
        MetricsEngineComponent engine = engine(Map.of("weightPhi", 0.0, "weightCoherence", 1.0,
                "weightStability", 0.0, "weightDivergence", 0.0));
        double[][] rows = new double[60][13];
        for (int s = 0; s < rows.length; s++) {
            for (int k = 0; k < 13; k++) {
                rows[s][k] = 0.1 * s + (k % 2 == 0 ? 0 : 1e-3 * Math.sin(s * k));
            }
        }
        WindowAnalysis a = engine.analyse(rows);
        assertEquals(a.metrics().coherence(), a.metrics().consciousnessLevel(), 1e-12);
        assertFalse(a.phiReliable());
        assertThrows(IllegalArgumentException.class, () -> engine.analyse(new double[3][13]));
    }

    @Test
    void defaultSeedComesFromThePeerIdAndAConfiguredOneWins() {
        assertEquals(Seeds.fromPeerId(ME), engine(Map.of()).networkTick().seed());
        assertEquals(77L, engine(Map.of("seed", 77L)).networkTick().seed());
        MetricsEngineComponent a = engine(Map.of());
        MetricsEngineComponent b = engine(Map.of());
        tick(a, 10);
        tick(b, 10);
        assertArrayEquals(a.networkTick().phases(), b.networkTick().phases());
    }

    // --------------------------------------------------------------------------------------- configuration

    @Test
    void invalidConfigurationIsRejectedAndThePreviousOneKeepsRunning() {
        MetricsEngineComponent engine = engine(Map.of());
        tick(engine, 10);
        assertEquals(HealthState.UP, engine.health().state(), engine.health().detail());
        MetricsSettings before = engine.settings();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> engine.modified(TestConfig.with(Map.of("window", 10))));
        assertTrue(e.getMessage().contains("window 10 is out of range"), e.getMessage());
        assertSame(before, engine.settings());
        ComponentHealth health = engine.health();
        assertEquals(HealthState.DEGRADED, health.state());
        assertTrue(health.detail().startsWith("configuration rejected: Invalid configuration org.aegis.metrics: window"),
                health.detail());
        tick(engine, REPORT_SAMPLES);
        assertEquals(10 + REPORT_SAMPLES, engine.networkTick().windowFill());
        assertTrue(engine.current().isPresent());
        // a valid configuration clears it
        engine.modified(TestConfig.with(Map.of("window", WINDOW, "coupling", 4.0)));
        assertEquals(4.0, engine.settings().coupling());
        assertEquals(HealthState.UP, engine.health().state(), engine.health().detail());
    }

    @Test
    void dynamicsChangeAtOnceWhileWindowSeedOrRateRebuildTheNetwork() {
        MetricsEngineComponent engine = engine(Map.of());
        tick(engine, 100);
        engine.modified(TestConfig.with(Map.of("window", WINDOW, "coupling", 8.0, "noise", 0.0)));
        tick(engine, 1);
        assertEquals(101, engine.networkTick().windowFill()); // same network and window, new parameters
        engine.modified(TestConfig.with(Map.of("window", 400)));
        tick(engine, 1);
        assertEquals(1, engine.networkTick().windowFill()); // a new window
        assertTrue(engine.health().detail().contains("window 1/400"), engine.health().detail());
        engine.modified(TestConfig.with(Map.of("window", 400, "seed", 5L)));
        tick(engine, 3);
        assertEquals(3, engine.networkTick().windowFill());
        assertEquals(5L, engine.networkTick().seed());
    }

    @Test
    void windowTooShortForReportsIsDegraded() {
        MetricsEngineComponent engine = engine(Map.of("window", 100));
        tick(engine, 150);
        assertTrue(engine.current().isEmpty());
        ComponentHealth health = engine.health();
        assertEquals(HealthState.DEGRADED, health.state());
        assertTrue(health.detail().contains("below 20·n = 260"), health.detail());
    }

    @Test
    void healthDetail() {
        MetricsEngineComponent engine = engine(Map.of());
        tick(engine, 40);
        ComponentHealth health = engine.health();
        assertEquals("metrics", engine.component());
        assertEquals("metrics", health.component());
        assertEquals(HealthState.UP, health.state());
        assertTrue(health.detail().startsWith("tick 20 Hz (interval mean 50.0 ms, p99 50.0 ms, max 50.0 ms),"
                + " window 40/300, Φ every 1000 ms"), health.detail());
        assertTrue(health.detail().endsWith("0 peers, 0 messages dropped"), health.detail());
        TickStats.Summary t = engine.networkTick().tickIntervals();
        assertEquals(40, t.ticks());
        assertEquals(50.0, t.meanMs(), 1e-9);
    }

    @Test
    void slowTickIsDegraded() {
        MetricsEngineComponent engine = engine(Map.of());
        long slow = 80_000_000L; // 12.5 Hz instead of 20
        for (int i = 0; i < 100; i++) {
            nanos.addAndGet(slow);
            clock.advance(Duration.ofNanos(slow));
            engine.networkTick().run();
        }
        ComponentHealth health = engine.health();
        assertEquals(HealthState.DEGRADED, health.state());
        assertTrue(health.detail().startsWith("tick falls behind: 12.5 Hz of 20 Hz"), health.detail());
    }

    // --------------------------------------------------------------------------------------- events, messages

    @Test
    void everyReportIsPublishedOnTheTopicAndTheNodesBus() {
        MetricsEngineComponent engine = engine(Map.of());
        Fakes.FakeTransport transport = new Fakes.FakeTransport();
        Fakes.FakeNode node = new Fakes.FakeNode();
        engine.bindTransport(transport);
        engine.bindNodeService(node);
        assertEquals(1, transport.open().size());
        assertEquals(TOPIC, transport.open().get(0).topic);
        tick(engine, REPORT_SAMPLES + 20);
        MetricsReport report = engine.current().orElseThrow();
        assertEquals(2, transport.published.size());
        Fakes.FakeTransport.Published last = transport.published.get(1);
        assertEquals(TOPIC, last.topic());
        assertEquals(report, codec.parse(last.data()).report());
        assertEquals(2, node.events.size());
        NodeEvent event = node.events.get(1);
        assertEquals("aegis/metrics/report", event.topic());
        assertEquals("metrics", event.source());
        assertEquals(report.timestamp(), event.time());
        assertEquals(codec.toMap(report), event.data());

        engine.unbindNodeService(node);
        engine.unbindTransport(transport);
        assertTrue(transport.open().isEmpty());
        tick(engine, 20);
        assertEquals(2, transport.published.size());
        assertEquals(2, node.events.size());
    }

    @Test
    void aBetterTransportTakesOverAndTopicChangesResubscribe() {
        MetricsEngineComponent engine = engine(Map.of());
        Fakes.FakeTransport first = new Fakes.FakeTransport();
        Fakes.FakeTransport second = new Fakes.FakeTransport();
        engine.bindTransport(first);
        engine.bindTransport(second); // greedy: the new one is bound before the old one is unbound
        engine.unbindTransport(first);
        assertTrue(first.open().isEmpty());
        assertEquals(1, second.open().size());
        engine.modified(TestConfig.with(Map.of("window", WINDOW, "topic", "aegis/metrics/test")));
        assertEquals(1, second.open().size());
        assertEquals("aegis/metrics/test", second.open().get(0).topic);
        tick(engine, REPORT_SAMPLES);
        assertEquals("aegis/metrics/test", second.published.get(0).topic());
        engine.deactivate();
        assertTrue(second.open().isEmpty());
    }

    @Test
    void aValidPeerMessageCountsForPeersGlobalStateAndCoupling() {
        MetricsEngineComponent engine = engine(Map.of());
        MetricsEngineComponent twin = engine(Map.of()); // same seed, hears nothing
        Fakes.FakeTransport transport = new Fakes.FakeTransport();
        engine.bindTransport(transport);
        tick(engine, REPORT_SAMPLES - 1);
        tick(twin, REPORT_SAMPLES - 1);
        assertArrayEquals(engine.networkTick().phases(), twin.networkTick().phases());

        MetricsReport peer = peerReport(PEER, clock.instant(), 2.0, 0.6);
        transport.deliver(new PubSubMessage(TOPIC, PEER, codec.encode(peer)));
        assertEquals(1, engine.gossip().acceptedMessages());
        assertEquals(List.of(peer), engine.peers());
        assertTrue(engine.gossip().dropCounts().isEmpty());

        double[] before = engine.networkTick().phases();
        tick(engine, 1);
        tick(twin, 1);
        assertEquals(1, engine.networkTick().peersInLastTick());
        assertEquals(0, twin.networkTick().peersInLastTick());
        double[] coupled = engine.networkTick().phases();
        double[] alone = twin.networkTick().phases();
        for (int k = 1; k < 13; k++) {
            assertEquals(alone[k], coupled[k], 0.0, "oscillator " + k);
        }
        double expected = 0.05 * 0.5 * Math.sin(2.0 - before[0]);
        assertEquals(expected, OscillatorNetworkTest.wrapDistance(alone[0], coupled[0]), 1e-12);

        MetricsReport report = engine.current().orElseThrow();
        double c = report.metrics().consciousnessLevel();
        double psi = report.meanPhase();
        GlobalState global = report.global();
        assertEquals(Math.hypot(Math.cos(psi) + Math.cos(2.0), Math.sin(psi) + Math.sin(2.0)) / 2,
                global.networkCoherence(), 1e-12);
        assertEquals((c + 0.6) / 2, global.collectiveAwareness(), 1e-12);
        assertEquals(1.0, global.systemHealth());
        assertTrue(engine.health().detail().contains("1 peers"), engine.health().detail());

        // beyond the staleness limit (3 s) the peer no longer counts
        clock.advance(Duration.ofMillis(3100));
        assertTrue(engine.peers().isEmpty());
        tick(engine, 1);
        assertEquals(0, engine.networkTick().peersInLastTick());
    }

    @Test
    void aNewerReportReplacesAnOlderOneNotTheOtherWayRound() {
        MetricsEngineComponent engine = engine(Map.of());
        MetricsGossip gossip = engine.gossip();
        Instant now = clock.instant();
        gossip.onMessage(new PubSubMessage(TOPIC, PEER, codec.encode(peerReport(PEER, now, 1.0, 0.5))));
        gossip.onMessage(new PubSubMessage(TOPIC, PEER, codec.encode(peerReport(PEER, now.plusSeconds(1), 1.5, 0.5))));
        gossip.onMessage(new PubSubMessage(TOPIC, PEER, codec.encode(peerReport(PEER, now.minusSeconds(1), 9, 0.5))));
        assertEquals(1.5, engine.peers().get(0).meanPhase());
        assertEquals(Map.of(DropReason.OUT_OF_ORDER, 1L), engine.gossip().dropCounts());
    }

    @Test
    void invalidMessagesAreDroppedAndCountedWithoutChangingAnything() {
        MetricsEngineComponent engine = engine(Map.of());
        Fakes.FakeTransport transport = new Fakes.FakeTransport();
        engine.bindTransport(transport);
        tick(engine, REPORT_SAMPLES);
        MetricsReport current = engine.current().orElseThrow();
        double[] phases = engine.networkTick().phases();
        String valid = new String(codec.encode(peerReport(PEER, clock.instant(), 1.0, 0.5)), StandardCharsets.UTF_8);
        byte[] junk = new byte[1 << 20];
        new java.util.Random(3).nextBytes(junk);
        List<PubSubMessage> bad = List.of(
                msg(PEER, valid.replace("\"mean_phase\":1.0,", "")),
                msg(PEER, valid.replace("\"coherence\":0.5", "\"coherence\":NaN")),
                msg(PEER, valid.replace("\"phi\":0.5", "\"phi\":\"high\"")),
                msg(PEER, new String(codec.encode(peerReport(PEER, clock.instant().minusSeconds(60), 1, 0.5)),
                        StandardCharsets.UTF_8)),
                msg("12D3KooWMallory", valid),
                msg(ME, new String(codec.encode(peerReport(ME, clock.instant(), 1, 0.5)), StandardCharsets.UTF_8)),
                new PubSubMessage(TOPIC, PEER, new byte[] {(byte) 0xff, 0x00, 0x7b, 0x22}),
                new PubSubMessage(TOPIC, PEER, junk),
                new PubSubMessage(TOPIC, PEER, null));
        for (PubSubMessage m : bad) {
            assertDoesNotThrow(() -> transport.deliver(m));
        }
        assertDoesNotThrow(() -> engine.gossip().onMessage(null));
        Map<DropReason, Long> expected = Map.of(DropReason.MISSING_FIELD, 1L, DropReason.NON_FINITE, 1L,
                DropReason.WRONG_TYPE, 1L, DropReason.STALE_TIMESTAMP, 1L, DropReason.SENDER_MISMATCH, 1L,
                DropReason.OWN_MESSAGE, 1L, DropReason.MALFORMED, 2L, DropReason.TOO_LARGE, 1L,
                DropReason.INTERNAL_ERROR, 1L);
        assertEquals(expected, engine.gossip().dropCounts());
        CollectedMetrics metrics = CollectedMetrics.of(engine);
        assertEquals(2, metrics.value("aegis_metrics_dropped_messages", Map.of("reason", "malformed")));
        assertEquals(0, metrics.value("aegis_metrics_dropped_messages", Map.of("reason", "out_of_order")));
        assertTrue(engine.peers().isEmpty());
        assertEquals(0, engine.gossip().acceptedMessages());
        assertSame(current, engine.current().orElseThrow());
        assertArrayEquals(phases, engine.networkTick().phases());
        String detail = engine.health().detail();
        assertTrue(detail.endsWith("10 messages dropped (too_large 1, malformed 2, missing_field 1, wrong_type 1,"
                + " non_finite 1, stale_timestamp 1, sender_mismatch 1, own_message 1, internal_error 1)"), detail);
    }

    // --------------------------------------------------------------------------------------- history

    @Test
    void historyIsWrittenReadBackByStepAndSurvivesARestart() {
        MetricsEngineComponent engine = engine(Map.of());
        tick(engine, REPORT_SAMPLES);
        Instant first = engine.current().orElseThrow().timestamp();
        engine.historyRecorder().record();
        engine.historyRecorder().record(); // the same report is not stored twice
        for (int i = 1; i < 30; i++) {
            tick(engine, 20); // one report per second
            engine.historyRecorder().record();
        }
        assertEquals(30, store.map(MetricsHistory.MAP).size());
        String firstKey = store.map(MetricsHistory.MAP).range(null, null, 1).get(0).key();
        assertEquals(16, firstKey.length());
        assertEquals(first.toEpochMilli(), Long.parseLong(firstKey));

        List<MetricsReport> all = engine.history(first, first.plusSeconds(30), Duration.ofSeconds(1));
        assertEquals(30, all.size());
        assertEquals(engine.current().orElseThrow(), all.get(29));
        List<MetricsReport> every5 = engine.history(first, first.plusSeconds(30), Duration.ofSeconds(5));
        assertEquals(6, every5.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(first.plusSeconds(5L * i), every5.get(i).timestamp());
            assertEquals(all.get(5 * i), every5.get(i));
        }
        // from the middle of a bucket: the first report at or after its start
        List<MetricsReport> shifted = engine.history(first.plusMillis(500), first.plusSeconds(10),
                Duration.ofSeconds(3));
        assertEquals(List.of(all.get(1), all.get(4), all.get(7)), shifted);
        assertTrue(engine.history(first.minusSeconds(100), first, Duration.ofSeconds(10)).isEmpty());

        MetricsEngineComponent restarted = engine(Map.of());
        assertEquals(all, restarted.history(first, first.plusSeconds(30), Duration.ofSeconds(1)));
    }

    @Test
    void historyArgumentsAreChecked() {
        MetricsEngineComponent engine = engine(Map.of());
        Instant t = clock.instant();
        IllegalArgumentException step = assertThrows(IllegalArgumentException.class,
                () -> engine.history(t, t.plusSeconds(10), Duration.ofMillis(500)));
        assertTrue(step.getMessage().contains("at least PT1S"), step.getMessage());
        IllegalArgumentException many = assertThrows(IllegalArgumentException.class,
                () -> engine.history(t, t.plus(Duration.ofDays(1)), Duration.ofSeconds(1)));
        assertTrue(many.getMessage().contains("86400 points; at most 10000"), many.getMessage());
        assertThrows(IllegalArgumentException.class, () -> engine.history(t, t.minusSeconds(1), Duration.ofSeconds(1)));
        assertEquals(List.of(), engine.history(t, t.plus(Duration.ofDays(1)), Duration.ofSeconds(9)));
    }

    @Test
    void historyOlderThanTheRetentionIsPruned() {
        MetricsEngineComponent engine = engine(Map.of("historyRetention", "PT10S"));
        tick(engine, REPORT_SAMPLES);
        engine.historyRecorder().record(); // the first call prunes too (nothing yet)
        for (int i = 1; i < 20; i++) {
            tick(engine, 20);
            engine.historyRecorder().record();
        }
        // 19 s after the first report: those more than 10 s old go at the next prune
        assertEquals(20, store.map(MetricsHistory.MAP).size());
        assertEquals(9, engine.historyRecorder().prune());
        assertEquals(11, store.map(MetricsHistory.MAP).size());
        Instant cutoff = clock.instant().minusSeconds(10);
        assertTrue(store.map(MetricsHistory.MAP).range(null, MetricsHistory.key(cutoff.toEpochMilli()), 10).isEmpty());
        // the periodic prune runs once a minute: at 60 s after the first report, keeping 50 s and later
        Instant first = engine.history(START, clock.instant(), Duration.ofSeconds(60)).get(0).timestamp();
        for (int i = 0; i < 60; i++) {
            tick(engine, 20);
            engine.historyRecorder().record();
        }
        assertEquals(30, store.map(MetricsHistory.MAP).size());
        String oldest = store.map(MetricsHistory.MAP).range(null, null, 1).get(0).key();
        assertEquals(first.plusSeconds(41).toEpochMilli(), Long.parseLong(oldest));
    }

    @Test
    void anUnreadableHistoryEntryIsSkipped() {
        MetricsEngineComponent engine = engine(Map.of());
        tick(engine, REPORT_SAMPLES);
        engine.historyRecorder().record();
        MetricsReport report = engine.current().orElseThrow();
        long t = report.timestamp().toEpochMilli();
        store.preload(MetricsHistory.MAP, MetricsHistory.key(t - 1), "garbage".getBytes(StandardCharsets.UTF_8));
        List<MetricsReport> read = engine.history(report.timestamp().minusSeconds(1), report.timestamp().plusSeconds(1),
                Duration.ofSeconds(2));
        assertEquals(List.of(report), read);
    }

    @Test
    void aFailingStoreMakesTheEngineDegradedNotBroken() {
        FailingStore failing = new FailingStore();
        MetricsEngineComponent engine = new MetricsEngineComponent(settings(Map.of()), failing, Fakes.identity(ME),
                clock, nanos::get);
        tick(engine, REPORT_SAMPLES);
        failing.fail = true;
        assertDoesNotThrow(engine.historyRecorder()::record);
        assertEquals(HealthState.DEGRADED, engine.health().state());
        assertTrue(engine.health().detail().startsWith("history not stored: disk full"), engine.health().detail());
        failing.fail = false;
        engine.historyRecorder().record();
        assertEquals(HealthState.UP, engine.health().state());
    }

    // --------------------------------------------------------------------------------------- helpers

    static MetricsReport peerReport(String node, Instant time, double meanPhase, double level) {
        return new MetricsReport(time, node, meanPhase, new ConsciousnessMetrics(0.5, 0.5, 0.5, 0.5, level),
                new GlobalState(0.5, 0.5, 1.0));
    }

    static PubSubMessage msg(String from, String json) {
        return new PubSubMessage(TOPIC, from, json.getBytes(StandardCharsets.UTF_8));
    }

    static void assertInUnit(double value) {
        assertTrue(value >= 0 && value <= 1, value + " is outside [0, 1]");
    }

    /** An in-memory store whose writes can be made to fail. */
    static final class FailingStore implements org.aegis.api.store.Store {
        final InMemoryStore delegate = new InMemoryStore();
        volatile boolean fail;

        @Override
        public org.aegis.api.store.StoreMap map(String name) {
            return delegate.map(name);
        }

        @Override
        public java.util.Set<String> mapNames() {
            return delegate.mapNames();
        }

        @Override
        public void write(java.util.function.Consumer<org.aegis.api.store.WriteBatch> changes) {
            if (fail) {
                throw new org.aegis.api.store.StoreException("disk full");
            }
            delegate.write(changes);
        }

        @Override
        public java.nio.file.Path location() {
            return delegate.location();
        }

        @Override
        public void backup(java.nio.file.Path target) {
            delegate.backup(target);
        }
    }

    @Test
    void peersIgnoreTheirOwnClockForStaleness() {
        MetricsEngineComponent engine = engine(Map.of());
        // a peer whose clock is 20 s ahead is within the 30 s tolerance; staleness counts from arrival
        engine.gossip().onMessage(msg(PEER, new String(
                codec.encode(peerReport(PEER, clock.instant().plusSeconds(20), 1, 0.5)), StandardCharsets.UTF_8)));
        assertEquals(1, engine.peers().size());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(1, engine.peers().size());
        clock.advance(Duration.ofSeconds(2));
        assertTrue(engine.peers().isEmpty());
    }
}
