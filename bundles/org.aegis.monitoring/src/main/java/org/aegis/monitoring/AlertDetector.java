package org.aegis.monitoring;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthState;

/**
 * Compares how the node looks now with how it looked at the last look, and names the changes an operator should
 * hear of: a component's health changing, the consensus changing view, a peer disconnecting. The first look only
 * sets the baseline. Not thread-safe: one watcher thread calls it.
 */
final class AlertDetector {
    /**
     * How the node looks at one moment.
     *
     * @param view    the consensus view, {@code -1} without a consensus engine
     * @param primary the view's primary, empty without a consensus engine
     * @param peers   the connected peers, {@code null} without a transport
     */
    record Look(Instant time, List<ComponentHealth> health, long view, String primary, Set<String> peers) {
    }

    private Look last;

    List<Alert> next(Look now) {
        Look before = last;
        last = now;
        if (before == null) {
            return List.of();
        }
        List<Alert> alerts = new ArrayList<>();
        health(before, now, alerts);
        if (before.view() >= 0 && now.view() > before.view()) {
            alerts.add(new Alert(now.time(), "view-change", Alert.WARNING, "The consensus changed view from "
                    + before.view() + " to " + now.view() + "; the primary is now " + now.primary(),
                    details("from", before.view(), "to", now.view(), "primary", now.primary())));
        }
        if (before.peers() != null && now.peers() != null) {
            for (String peer : new TreeSet<>(before.peers())) {
                if (!now.peers().contains(peer)) {
                    alerts.add(new Alert(now.time(), "peer-lost", Alert.WARNING, "Peer " + peer + " disconnected",
                            details("peer", peer, "peers", now.peers().size())));
                }
            }
        }
        return alerts;
    }

    private static void health(Look before, Look now, List<Alert> alerts) {
        Map<String, HealthState> previous = new LinkedHashMap<>();
        before.health().forEach(c -> previous.put(c.component(), c.state()));
        for (ComponentHealth c : now.health()) {
            HealthState was = previous.getOrDefault(c.component(), HealthState.UP);
            if (was == c.state()) {
                continue;
            }
            String state = c.state().name().toLowerCase();
            String severity = switch (c.state()) {
                case DOWN -> Alert.CRITICAL;
                case DEGRADED -> Alert.WARNING;
                case UP -> Alert.RESOLVED;
            };
            // an unwell component's detail says why; a well one's is only its status
            boolean why = c.state() != HealthState.UP && c.detail() != null && !c.detail().isBlank();
            String message = "Component " + c.component() + " is " + state + (why ? ": " + c.detail() : "");
            alerts.add(new Alert(now.time(), "health", severity, message, details("component", c.component(),
                    "from", was.name().toLowerCase(), "to", state, "detail", c.detail() == null ? "" : c.detail())));
        }
    }

    private static Map<String, Object> details(Object... keysAndValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            details.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(details);
    }
}
