package org.aegis.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.node.HealthIndicator;
import org.aegis.api.node.NodeEvent;
import org.aegis.api.node.NodeEventListener;
import org.aegis.api.node.NodeHealth;
import org.aegis.api.node.NodeService;
import org.aegis.api.node.NodeStatus;
import org.aegis.api.transport.Transport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/** The node runtime: status, aggregated component health and the event bus. */
@Component(configurationPid = NodeConfig.PID)
@Designate(ocd = NodeConfig.class)
public class NodeRuntime implements NodeService {
    static final String STARTED_TOPIC = "aegis/node/started";

    private final Clock clock;
    private final String version;
    private final String dataFolder;
    private final Set<String> required;
    private final CapabilityTracker capabilities;
    private final Instant startedAt;
    private final EventBus bus;
    private final CopyOnWriteArrayList<BoundIndicator> indicators = new CopyOnWriteArrayList<>();
    private volatile NodeIdentity identity;

    @Activate
    public NodeRuntime(BundleContext context, NodeConfig config) {
        this(Clock.systemUTC(), context.getBundle().getVersion().toString(),
                Objects.requireNonNullElse(context.getProperty("karaf.data"), ""), config);
    }

    NodeRuntime(Clock clock, String version, String dataFolder, NodeConfig config) {
        if (config.eventQueueCapacity() < 1) {
            throw new IllegalArgumentException("eventQueueCapacity must be at least 1, was " + config.eventQueueCapacity());
        }
        this.clock = clock;
        this.version = version;
        this.dataFolder = dataFolder;
        this.required = parseComponents(config.requiredComponents());
        this.capabilities = new CapabilityTracker(Capability.parse(config.requiredCapabilities()));
        this.startedAt = clock.instant();
        this.bus = new EventBus(config.eventQueueCapacity());
        publish(new NodeEvent(STARTED_TOPIC, "node", startedAt, Map.of("version", version)));
    }

    static Set<String> parseComponents(String list) {
        return list == null ? Set.of()
                : Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
    }

    @Deactivate
    void deactivate() {
        bus.close();
    }

    @Override
    public NodeStatus status() {
        NodeIdentity id = identity;
        Instant now = clock.instant();
        return new NodeStatus(id == null ? "" : id.peerId(), version, startedAt,
                Duration.between(startedAt, now), dataFolder);
    }

    @Override
    public NodeHealth health() {
        List<HealthIndicator> available = new ArrayList<>();
        for (BoundIndicator indicator : indicators) {
            HealthIndicator service = indicator.get();
            if (service != null) {
                available.add(service);
            }
        }
        return HealthAggregator.aggregate(available, required, capabilities.health());
    }

    @Override
    public void publish(NodeEvent event) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(event.topic(), "event topic");
        bus.publish(event);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void setIdentity(NodeIdentity identity) {
        this.identity = identity;
    }

    void unsetIdentity(NodeIdentity identity) {
        if (this.identity == identity) {
            this.identity = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addHealthIndicator(ComponentServiceObjects<HealthIndicator> indicator) {
        indicators.add(new BoundIndicator(indicator));
    }

    void removeHealthIndicator(ComponentServiceObjects<HealthIndicator> indicator) {
        indicators.removeIf(bound -> {
            if (bound.isFor(indicator)) {
                bound.release();
                return true;
            }
            return false;
        });
    }

    // Bound by reference only: the node never calls them, and getting them would activate them (and whatever they
    // need, the node service among it) just to be counted.
    @Reference(service = ConsensusEngine.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addConsensusEngine(ServiceReference<ConsensusEngine> engine) {
        capabilities.add(Capability.CONSENSUS, engine, providerName(engine));
    }

    void removeConsensusEngine(ServiceReference<ConsensusEngine> engine) {
        capabilities.remove(Capability.CONSENSUS, engine);
    }

    @Reference(service = Transport.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addTransport(ServiceReference<Transport> transport) {
        capabilities.add(Capability.TRANSPORT, transport, providerName(transport));
    }

    void removeTransport(ServiceReference<Transport> transport) {
        capabilities.remove(Capability.TRANSPORT, transport);
    }

    /** The bundle that registered the service: what an operator stops, starts or updates. */
    static String providerName(ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        return bundle == null ? "unregistered" : bundle.getSymbolicName();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addEventListener(NodeEventListener listener, Map<String, Object> properties) {
        bus.addListener(listener, TopicFilter.of(properties.get(NodeEventListener.TOPICS)));
    }

    void removeEventListener(NodeEventListener listener) {
        bus.removeListener(listener);
    }
}
