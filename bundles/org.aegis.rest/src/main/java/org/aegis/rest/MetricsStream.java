package org.aegis.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.websocket.CloseReason;
import javax.websocket.OnClose;
import javax.websocket.OnError;
import javax.websocket.OnOpen;
import javax.websocket.Session;
import javax.websocket.server.ServerEndpoint;
import org.aegis.api.learning.FederatedLearning;
import org.aegis.api.metrics.MetricsEngine;
import org.aegis.api.metrics.MetricsReport;
import org.aegis.api.node.NodeEvent;
import org.aegis.api.node.NodeEventListener;
import org.aegis.api.security.InvalidTokenException;
import org.aegis.api.security.Principal;
import org.aegis.api.security.Role;
import org.aegis.api.security.TokenService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws}: streams the node's metrics messages to any number of clients at {@code streamHz}, and between
 * them the node's consensus, federated-learning and alert events as {@code {"event": topic, "time": …, "source": …, "data": {…}}}. Sends are
 * asynchronous; a client still receiving the previous metrics message when the next is due, or with a full
 * queue of events, is too slow and is disconnected, so no client can hold up the node or the others. Reads are open on loopback; from elsewhere a
 * reader token goes in the {@code access_token} query parameter (browsers cannot set headers on WebSockets).
 * Which web pages may open it at all is decided before the upgrade, by {@link WebSocketOriginCheck}.
 */
@Component(service = {MetricsStream.class, NodeEventListener.class}, configurationPid = RestConfig.PID,
        property = {"org.ops4j.pax.web.http.whiteboard.websocket=true",
                NodeEventListener.TOPICS + "=" + MetricsStream.EVENT_TOPICS,
                NodeEventListener.TOPICS + "=" + FederatedLearning.TOPIC_PREFIX + "*",
                NodeEventListener.TOPICS + "=" + NodeEvent.ALERT_TOPIC_PREFIX + "*"})
@ServerEndpoint(MetricsStream.PATH)
public class MetricsStream implements NodeEventListener {
    static final String PATH = "/ws";
    static final String EVENT_TOPICS = "aegis/consensus/*";
    /** Events a client may have waiting; more means it cannot keep up. */
    static final int EVENT_QUEUE_CAPACITY = 256;
    /** Jetty's JSR 356 implementation puts the client's address here. */
    private static final String REMOTE_ADDRESS = "javax.websocket.endpoint.remoteAddress";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsStream.class);

    private final ObjectMapper json = JsonProvider.mapper();
    private final Map<Session, StreamClient> clients = new ConcurrentHashMap<>();
    private final AtomicLong droppedSlow = new AtomicLong();
    private final AccessPolicy policy;
    private final int maxClients;
    private final ScheduledExecutorService broadcaster;

    @Reference
    MetricsEngine metrics;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TokenService tokens;

    @Activate
    public MetricsStream(RestConfig config) {
        if (!(config.streamHz() >= 0.1 && config.streamHz() <= 50)) {
            throw new IllegalArgumentException("streamHz must be between 0.1 and 50, was " + config.streamHz());
        }
        if (config.maxStreamClients() < 1) {
            throw new IllegalArgumentException("maxStreamClients must be at least 1, was " + config.maxStreamClients());
        }
        this.policy = new AccessPolicy(config.openLoopbackReads());
        this.maxClients = config.maxStreamClients();
        this.broadcaster = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "aegis-rest-ws");
            thread.setDaemon(true);
            return thread;
        });
        long periodMicros = Math.round(1_000_000 / config.streamHz());
        broadcaster.scheduleAtFixedRate(this::broadcast, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        broadcaster.shutdownNow();
        broadcaster.awaitTermination(5, TimeUnit.SECONDS);
        clients.keySet().forEach(session -> close(session, CloseReason.CloseCodes.GOING_AWAY, "node stopping"));
        clients.clear();
    }

    @OnOpen
    public void open(Session session) {
        String refusal = refusal(session);
        if (refusal != null) {
            close(session, CloseReason.CloseCodes.VIOLATED_POLICY, refusal);
        } else if (clients.size() >= maxClients) {
            close(session, CloseReason.CloseCodes.TRY_AGAIN_LATER, "too many clients");
        } else {
            clients.put(session, new StreamClient(session, EVENT_QUEUE_CAPACITY, () -> clients.remove(session)));
        }
    }

    @OnClose
    public void closed(Session session) {
        clients.remove(session);
    }

    @OnError
    public void failed(Session session, Throwable error) {
        clients.remove(session);
        LOG.debug("WebSocket client {} failed", session.getId(), error);
    }

    /** Why this client may not subscribe, or {@code null} when it may. */
    private String refusal(Session session) {
        Principal principal = null;
        List<String> token = session.getRequestParameterMap().get("access_token");
        if (token != null && !token.isEmpty()) {
            TokenService service = tokens;
            if (service == null) {
                return "token service unavailable";
            }
            try {
                principal = service.verify(token.get(0));
            } catch (InvalidTokenException e) {
                return "invalid token: " + e.getMessage();
            }
        }
        var decision = policy.decide(true, Role.READER, principal, isLoopback(session));
        return decision.allowed() ? null : decision.reason();
    }

    private static boolean isLoopback(Session session) {
        return session.getUserProperties().get(REMOTE_ADDRESS) instanceof InetSocketAddress address
                && address.getAddress() != null && address.getAddress().isLoopbackAddress();
    }

    void broadcast() {
        if (clients.isEmpty()) {
            return;
        }
        Optional<MetricsReport> report = metrics.current();
        if (report.isEmpty()) {
            return;
        }
        String message;
        try {
            message = json.writeValueAsString(MetricsMessage.of(report.get()));
        } catch (JsonProcessingException e) {
            LOG.error("Cannot encode the metrics message", e);
            return;
        }
        clients.forEach((session, client) -> {
            if (!client.offerMetrics(message)) {
                dropSlow(session, "too slow: missed a message");
            }
        });
    }

    @Override
    public void onEvent(NodeEvent event) {
        if (clients.isEmpty()) {
            return;
        }
        String message;
        try {
            message = json.writeValueAsString(new EventMessage(event.topic(), event.time(), event.source(), event.data()));
        } catch (JsonProcessingException e) {
            LOG.error("Cannot encode the event {}", event.topic(), e);
            return;
        }
        clients.forEach((session, client) -> {
            if (!client.offerEvent(message)) {
                dropSlow(session, "too slow: event queue full");
            }
        });
    }

    /** A node event as {@code /ws} sends it; {@code event} tells it apart from a metrics message. */
    record EventMessage(String event, Instant time, String source, Map<String, Object> data) {
    }

    private void dropSlow(Session session, String reason) {
        if (clients.remove(session) != null) {
            droppedSlow.incrementAndGet();
            close(session, CloseReason.CloseCodes.TRY_AGAIN_LATER, reason);
        }
    }

    long droppedSlowClients() {
        return droppedSlow.get();
    }

    int clientCount() {
        return clients.size();
    }

    private static void close(Session session, CloseReason.CloseCode code, String reason) {
        try {
            session.close(new CloseReason(code, reason));
        } catch (IOException | RuntimeException e) {
            LOG.debug("Closing WebSocket client {} failed", session.getId(), e);
        }
    }
}
