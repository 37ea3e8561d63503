package org.aegis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.websocket.CloseReason;
import javax.websocket.RemoteEndpoint;
import javax.websocket.SendHandler;
import javax.websocket.SendResult;
import javax.websocket.Session;
import org.aegis.api.metrics.ConsciousnessMetrics;
import org.aegis.api.metrics.GlobalState;
import org.aegis.api.metrics.MetricsEngine;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.metrics.OscillatorState;
import org.aegis.api.metrics.WindowAnalysis;
import org.aegis.api.node.NodeEvent;
import org.aegis.testing.Configs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsStreamTest {

    /** A WebSocket client as the endpoint sees it; {@code completes} says whether its sends ever finish. */
    static final class Client {
        final List<String> received = new ArrayList<>();
        final List<SendHandler> pending = new ArrayList<>();
        CloseReason closed;
        final boolean completes;
        final Session session;

        Client(String address, boolean completes, Map<String, List<String>> parameters) {
            this.completes = completes;
            Map<String, Object> properties = new HashMap<>();
            properties.put("javax.websocket.endpoint.remoteAddress", new InetSocketAddress(address, 40000));
            RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                        if (method.getName().equals("sendText") && args.length == 2) {
                            received.add((String) args[0]);
                            SendHandler handler = (SendHandler) args[1];
                            if (completes) {
                                handler.onResult(new SendResult());
                            } else {
                                pending.add(handler);
                            }
                        }
                        return null;
                    });
            session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getUserProperties" -> properties;
                        case "getRequestParameterMap" -> parameters;
                        case "getAsyncRemote" -> remote;
                        case "getId" -> address;
                        case "close" -> {
                            closed = args == null ? null : (CloseReason) args[0];
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> null;
                    });
        }
    }

    static RestConfig config(boolean openLoopbackReads, int maxClients) {
        // the test drives broadcast() itself, so the stream's own rate is as slow as allowed
        return Configs.of(RestConfig.class, Map.of("openLoopbackReads", openLoopbackReads, "maxStreamClients", maxClients,
                "streamHz", 0.1));
    }

    static MetricsEngine engineWith(MetricsReport report) {
        return new MetricsEngine() {
            @Override
            public Optional<MetricsReport> current() {
                return Optional.ofNullable(report);
            }

            @Override
            public List<MetricsReport> history(Instant from, Instant to, Duration step) {
                return List.of();
            }

            @Override
            public Optional<WindowAnalysis> currentAnalysis() {
                return Optional.empty();
            }

            @Override
            public List<MetricsReport> peers() {
                return List.of();
            }

            @Override
            public Optional<OscillatorState> oscillators() {
                return Optional.empty();
            }
        };
    }

    static final MetricsReport REPORT = new MetricsReport(Instant.parse("2026-01-01T00:00:01.250Z"), "12D3KooWnode", 1.5,
            new ConsciousnessMetrics(0.3, 0.9, 0.8, 0.1, 0.7), new GlobalState(1, 0.7, 1));

    private MetricsStream stream;

    @AfterEach
    void stop() throws InterruptedException {
        stream.deactivate();
    }

    @Test
    void sendsTheSeedMessageFormat() {
        stream = new MetricsStream(config(true, 10));
        stream.metrics = engineWith(REPORT);
        Client client = new Client("127.0.0.1", true, Map.of());
        stream.open(client.session);
        stream.broadcast();
        assertEquals(1, client.received.size());
        String message = client.received.get(0);
        for (String field : List.of("\"timestamp\":1767225601.250", "\"node_id\":\"12D3KooWnode\"", "\"mean_phase\":1.5",
                "\"consciousness_metrics\":{", "\"consciousness_level\":0.7", "\"global_state\":{",
                "\"network_coherence\":1.0", "\"collective_awareness\":0.7", "\"system_health\":1.0")) {
            assertTrue(message.contains(field), field + " in " + message);
        }
    }

    @Test
    void aClientStillReceivingWhenTheNextMessageIsDueIsDroppedAndOthersGoOn() {
        stream = new MetricsStream(config(true, 10));
        stream.metrics = engineWith(REPORT);
        Client slow = new Client("127.0.0.1", false, Map.of());
        Client fast = new Client("127.0.0.1", true, Map.of());
        stream.open(slow.session);
        stream.open(fast.session);
        stream.broadcast();
        stream.broadcast();
        stream.broadcast();
        assertEquals(1, slow.received.size());
        assertEquals(CloseReason.CloseCodes.TRY_AGAIN_LATER, slow.closed.getCloseCode());
        assertEquals(3, fast.received.size());
        assertEquals(1, stream.clientCount());
        assertEquals(1, stream.droppedSlowClients());
    }

    @Test
    void consensusEventsTravelInOrderBetweenMetricsMessages() {
        stream = new MetricsStream(config(true, 10));
        stream.metrics = engineWith(REPORT);
        Client client = new Client("127.0.0.1", true, Map.of());
        stream.open(client.session);
        stream.broadcast();
        for (int sequence = 1; sequence <= 3; sequence++) {
            stream.onEvent(new NodeEvent("aegis/consensus/decided", "consensus", Instant.parse("2026-01-01T00:00:02Z"),
                    Map.of("sequence", sequence)));
        }
        stream.broadcast();
        assertEquals(5, client.received.size());
        assertTrue(client.received.get(1).startsWith("{\"event\":\"aegis/consensus/decided\",\"time\":\"2026-01-01T00:00:02Z\""),
                client.received.get(1));
        for (int sequence = 1; sequence <= 3; sequence++) {
            assertTrue(client.received.get(sequence).contains("\"data\":{\"sequence\":" + sequence + "}"));
        }
        assertTrue(client.received.get(4).contains("\"node_id\""));
    }

    @Test
    void aClientThatLetsEventsPileUpIsDropped() {
        stream = new MetricsStream(config(true, 10));
        stream.metrics = engineWith(REPORT);
        Client stuck = new Client("127.0.0.1", false, Map.of());
        stream.open(stuck.session);
        NodeEvent event = new NodeEvent("aegis/consensus/decided", "consensus", Instant.EPOCH, Map.of());
        // one in flight, a full queue behind it, and one more
        for (int i = 0; i < MetricsStream.EVENT_QUEUE_CAPACITY + 2; i++) {
            stream.onEvent(event);
        }
        assertEquals(0, stream.clientCount());
        assertEquals("too slow: event queue full", stuck.closed.getReasonPhrase());
        assertEquals(1, stuck.received.size());
    }

    @Test
    void remoteClientsNeedAReaderTokenAndLoopbackOnesDoNot() {
        stream = new MetricsStream(config(true, 10));
        stream.metrics = engineWith(REPORT);
        Client remote = new Client("10.1.2.3", true, Map.of());
        stream.open(remote.session);
        assertEquals(CloseReason.CloseCodes.VIOLATED_POLICY, remote.closed.getCloseCode());
        assertTrue(remote.closed.getReasonPhrase().contains("authentication required"));
        Client forged = new Client("127.0.0.1", true, Map.of("access_token", List.of("not-a-token")));
        stream.open(forged.session);
        assertEquals("token service unavailable", forged.closed.getReasonPhrase());
        assertEquals(0, stream.clientCount());
    }

    @Test
    void clientsBeyondTheLimitAreTurnedAway() {
        stream = new MetricsStream(config(true, 1));
        stream.metrics = engineWith(REPORT);
        stream.open(new Client("127.0.0.1", true, Map.of()).session);
        Client second = new Client("127.0.0.1", true, Map.of());
        stream.open(second.session);
        assertEquals(CloseReason.CloseCodes.TRY_AGAIN_LATER, second.closed.getCloseCode());
    }

    @Test
    void nothingIsSentBeforeTheFirstReport() {
        stream = new MetricsStream(config(true, 10));
        stream.metrics = engineWith(null);
        Client client = new Client("127.0.0.1", true, Map.of());
        stream.open(client.session);
        stream.broadcast();
        assertEquals(0, client.received.size());
    }
}
