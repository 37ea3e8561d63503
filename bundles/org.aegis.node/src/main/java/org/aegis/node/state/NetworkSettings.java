package org.aegis.node.state;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings a committed {@code config} decision may change on every node: per component, the properties that
 * must agree across the network for it to work as one (oscillator dynamics, consensus timing, model routing
 * policy). Everything else is node-local and only its operator changes it, in {@code etc/}: authentication, REST
 * security, identity, the store, transports and every model provider's endpoint and credentials. A decision that
 * names a node-local property is refused whole.
 *
 * <p>The list is part of the node's code rather than read from the installed bundles' metatype, so that every
 * replica reaches the same verdict whatever it has installed.
 */
final class NetworkSettings {
    private static final Map<String, Set<String>> NETWORK_WIDE = Map.of(
            "org.aegis.metrics", Set.of("tickHz", "omega0", "spread", "coupling", "externalCoupling", "noise",
                    "window", "lag", "stalenessSeconds", "phiIntervalMs", "weightPhi", "weightCoherence",
                    "weightStability", "weightDivergence"),
            "org.aegis.consensus.pbft", Set.of("maxBatchSize", "batchTimeoutMs", "pipelineWindow",
                    "checkpointInterval", "viewChangeTimeoutMs", "maxViewChangeTimeoutMs", "retransmitIntervalMs"),
            "org.aegis.model.orchestrator", Set.of("defaultModel", "fallback", "modelLimits", "maxConcurrent",
                    "maxTokens", "timeoutMs", "deadlineMs", "streamIdleTimeoutMs", "breakerConsecutiveFailures",
                    "breakerFailureRate", "breakerWindow", "breakerCooldownMs", "modelRefreshMs"));

    private NetworkSettings() {
    }

    /** Empty when a decision may change all of {@code properties} of {@code pid}; else why not. */
    static Optional<String> refusal(String pid, Collection<String> properties) {
        Set<String> allowed = NETWORK_WIDE.get(pid);
        if (allowed == null) {
            return Optional.of(pid + " is node-local: its operator changes it in etc/" + pid + ".cfg on each node;"
                    + " a decision may change only " + new TreeSet<>(NETWORK_WIDE.keySet()));
        }
        List<String> local = properties.stream().filter(p -> !allowed.contains(p)).sorted().toList();
        if (!local.isEmpty()) {
            return Optional.of("node-local properties of " + pid + " cannot change by decision: " + local
                    + "; network-wide ones are " + new TreeSet<>(allowed));
        }
        return Optional.empty();
    }
}
