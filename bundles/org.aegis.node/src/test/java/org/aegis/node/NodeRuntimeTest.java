package org.aegis.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthIndicator;
import org.aegis.api.node.HealthState;
import org.aegis.api.node.NodeEvent;
import org.aegis.api.node.NodeEventListener;
import org.aegis.api.transport.Transport;
import org.aegis.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

class NodeRuntimeTest {

    static NodeConfig config(int capacity, String... required) {
        return config(capacity, "", String.join(", ", required));
    }

    static NodeConfig config(int capacity, String capabilities, String required) {
        return new NodeConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return NodeConfig.class;
            }

            @Override
            public String requiredComponents() {
                return required;
            }

            @Override
            public String requiredCapabilities() {
                return capabilities;
            }

            @Override
            public int eventQueueCapacity() {
                return capacity;
            }
        };
    }

    static final NodeIdentity IDENTITY = new NodeIdentity() {
        @Override
        public String peerId() {
            return "12D3KooWTest";
        }

        @Override
        public byte[] publicKey() {
            return new byte[0];
        }

        @Override
        public byte[] sign(byte[] data) {
            return new byte[0];
        }

        @Override
        public boolean verify(String peerId, byte[] data, byte[] signature) {
            return false;
        }
    };

    @Test
    void statusReportsIdentityUptimeAndFolder() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        NodeRuntime node = new NodeRuntime(clock, "1.2.3", "/data", config(10));
        try {
            assertEquals("", node.status().peerId());
            node.setIdentity(IDENTITY);
            clock.advance(Duration.ofSeconds(90));
            assertEquals("12D3KooWTest", node.status().peerId());
            assertEquals(Duration.ofSeconds(90), node.status().uptime());
            assertEquals("1.2.3", node.status().version());
            assertEquals("/data", node.status().dataFolder());
            node.unsetIdentity(IDENTITY);
            assertEquals("", node.status().peerId());
        } finally {
            node.deactivate();
        }
    }

    /** How SCR hands over a service that is fetched on demand; counts what the node holds. */
    static final class CountingServiceObjects implements ComponentServiceObjects<HealthIndicator> {
        private final HealthIndicator indicator;
        int gets;
        int ungets;

        CountingServiceObjects(HealthIndicator indicator) {
            this.indicator = indicator;
        }

        int held() {
            return gets - ungets;
        }

        @Override
        public HealthIndicator getService() {
            gets++;
            return indicator;
        }

        @Override
        public void ungetService(HealthIndicator service) {
            ungets++;
        }

        @Override
        public ServiceReference<HealthIndicator> getServiceReference() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void healthFollowsIndicatorsAndRequiredComponents() {
        NodeRuntime node = new NodeRuntime(new MutableClock(Instant.EPOCH), "1", "", config(10, "store"));
        try {
            assertEquals(HealthState.DOWN, node.health().overall());
            var store = new CountingServiceObjects(HealthAggregatorTest.indicator("store", HealthState.UP));
            node.addHealthIndicator(store);
            assertEquals(0, store.gets, "bound without being fetched");
            assertEquals(HealthState.UP, node.health().overall());
            assertEquals(HealthState.UP, node.health().overall());
            assertEquals(1, store.gets, "fetched once, at the first health check");
            node.removeHealthIndicator(store);
            assertEquals(0, store.held(), "released when unbound");
            assertEquals(HealthState.DOWN, node.health().overall());
        } finally {
            node.deactivate();
        }
    }

    @Test
    void listenersReceivePublishedEvents() {
        List<String> seen = new CopyOnWriteArrayList<>();
        NodeRuntime node = new NodeRuntime(new MutableClock(Instant.EPOCH), "1", "", config(10));
        NodeEventListener listener = e -> seen.add(e.topic());
        node.addEventListener(listener, java.util.Map.of(NodeEventListener.TOPICS, "test/*"));
        node.publish(new NodeEvent("test/one", "t", Instant.EPOCH, java.util.Map.of()));
        node.publish(new NodeEvent("other", "t", Instant.EPOCH, java.util.Map.of()));
        node.deactivate();
        assertEquals(List.of("test/one"), seen);
    }

    @Test
    void requiredComponentsAreACommaSeparatedList() {
        assertEquals(java.util.Set.of("store", "auth"), NodeRuntime.parseComponents(" store, ,auth "));
        assertEquals(java.util.Set.of(), NodeRuntime.parseComponents(""));
    }

    @Test
    void invalidConfigurationIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new NodeRuntime(new MutableClock(Instant.EPOCH), "1", "", config(0)));
    }

    /** A registered service as SCR hands its reference to the node; only its bundle is asked for. */
    @SuppressWarnings("unchecked")
    static <S> ServiceReference<S> reference(String symbolicName) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(NodeRuntimeTest.class.getClassLoader(),
                new Class<?>[] {Bundle.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> symbolicName;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ServiceReference<S>) Proxy.newProxyInstance(NodeRuntimeTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getBundle" -> bundle;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void missingRequiredCapabilityDegradesTheNodeUntilItComesBack() {
        NodeRuntime node = new NodeRuntime(new MutableClock(Instant.EPOCH), "1", "", config(10, "consensus, transport", ""));
        try {
            ServiceReference<ConsensusEngine> pbft = reference("org.aegis.consensus.pbft");
            ServiceReference<Transport> libp2p = reference("org.aegis.transport.libp2p");
            node.addConsensusEngine(pbft);
            node.addTransport(libp2p);
            assertEquals(HealthState.UP, node.health().overall());
            assertEquals(new ComponentHealth("transport", HealthState.UP,
                    "org.aegis.transport.libp2p"), node.health().components().get(1));

            node.removeConsensusEngine(pbft);
            assertEquals(HealthState.DEGRADED, node.health().overall());
            assertEquals(new ComponentHealth("consensus", HealthState.DEGRADED, "no consensus engine installed"),
                    node.health().components().get(0));

            node.removeTransport(libp2p);
            assertEquals(new ComponentHealth("transport", HealthState.DEGRADED, "no transport installed"),
                    node.health().components().get(1));

            node.addConsensusEngine(pbft);
            node.addTransport(reference("org.aegis.transport.memory"));
            assertEquals(HealthState.UP, node.health().overall());
        } finally {
            node.deactivate();
        }
    }

    @Test
    void capabilitiesNotRequiredAreNotReported() {
        NodeRuntime node = new NodeRuntime(new MutableClock(Instant.EPOCH), "1", "", config(10, "transport", ""));
        try {
            assertEquals(List.of(new ComponentHealth("transport", HealthState.DEGRADED, "no transport installed")),
                    node.health().components());
        } finally {
            node.deactivate();
        }
    }

    @Test
    void unknownCapabilityIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new NodeRuntime(new MutableClock(Instant.EPOCH), "1", "", config(10, "consensus, teleport", "")));
        assertTrue(e.getMessage().contains("'teleport'; known are [consensus, transport]"), e.getMessage());
    }
}
