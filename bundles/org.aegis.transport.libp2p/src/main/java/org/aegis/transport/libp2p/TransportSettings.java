package org.aegis.transport.libp2p;

import io.netty.util.NetUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.aegis.transport.libp2p.multiformats.Multiaddress;

/**
 * The checked configuration of the transport.
 *
 * @param ioThreads 0 for one per core, at most 8
 */
public record TransportSettings(String listenHost, int port, List<Multiaddress> bootstrap, int maxConnections,
        InboundLimits inboundLimits, Duration dialTimeout, int ioThreads, int maxStreamsPerConnection,
        Duration keepAliveInterval, Duration reconnectInitial, Duration reconnectMax, int pubsubQueueCapacity) {

    /**
     * Bounds of inbound connections besides {@code maxConnections}: those still in their handshake, in total and per
     * address, and the established ones per address.
     *
     * @see org.aegis.transport.libp2p.connection.InboundConnectionGate
     */
    public record InboundLimits(int maxPendingHandshakes, int maxPendingHandshakesPerAddress,
            int maxConnectionsPerAddress) {
        public static final InboundLimits DEFAULTS = new InboundLimits(64, 8, 16);

        public InboundLimits {
            require(maxPendingHandshakes >= 1 && maxPendingHandshakes <= 100_000,
                    "maxPendingHandshakes must be 1 to 100000, not " + maxPendingHandshakes);
            require(maxPendingHandshakesPerAddress >= 1 && maxPendingHandshakesPerAddress <= 100_000,
                    "maxPendingHandshakesPerAddress must be 1 to 100000, not " + maxPendingHandshakesPerAddress);
            require(maxConnectionsPerAddress >= 1 && maxConnectionsPerAddress <= 100_000,
                    "maxConnectionsPerAddress must be 1 to 100000, not " + maxConnectionsPerAddress);
        }
    }

    public TransportSettings {
        bootstrap = List.copyOf(bootstrap);
        require(NetUtil.isValidIpV4Address(listenHost) || NetUtil.isValidIpV6Address(listenHost),
                "listenHost must be an IP address, not '" + listenHost + "'");
        require(port >= 0 && port <= 0xFFFF, "port must be 0 to 65535, not " + port);
        require(maxConnections >= 1 && maxConnections <= 100_000, "maxConnections must be 1 to 100000");
        require(inboundLimits != null, "inbound limits are missing");
        require(between(dialTimeout, 100, 600_000), "dialTimeoutMs must be 100 to 600000");
        require(ioThreads >= 0 && ioThreads <= 256, "ioThreads must be 0 to 256");
        require(maxStreamsPerConnection >= 1 && maxStreamsPerConnection <= 65_536,
                "maxStreamsPerConnection must be 1 to 65536");
        require(between(keepAliveInterval, 1_000, 3_600_000), "keepAliveIntervalMs must be 1000 to 3600000");
        require(between(reconnectInitial, 10, 3_600_000), "reconnectInitialMs must be 10 to 3600000");
        require(reconnectMax.compareTo(reconnectInitial) >= 0 && reconnectMax.toMillis() <= 86_400_000L,
                "reconnectMaxMs must be at least reconnectInitialMs and at most 86400000");
        require(pubsubQueueCapacity >= 1 && pubsubQueueCapacity <= 65_536, "pubsubQueueCapacity must be 1 to 65536");
    }

    /**
     * Checks the component's configuration.
     *
     * @throws IllegalArgumentException naming the first invalid property
     */
    public static TransportSettings from(Libp2pConfig config) {
        List<Multiaddress> bootstrap = new ArrayList<>();
        // a .cfg file gives one comma-separated string; multiaddrs never contain commas
        for (String address : config.bootstrap().length == 0 ? new String[0] : String.join(",", config.bootstrap()).split(",")) {
            if (address.isBlank()) {
                continue;
            }
            try {
                Multiaddress parsed = Multiaddress.parse(address.trim());
                parsed.tcpEndpoint();
                bootstrap.add(parsed);
            } catch (ProtocolException e) {
                throw new IllegalArgumentException("bootstrap address '" + address + "' is invalid: " + e.getMessage(), e);
            }
        }
        return new TransportSettings(config.listenHost(), config.port(), bootstrap, config.maxConnections(),
                new InboundLimits(config.maxPendingHandshakes(), config.maxPendingHandshakesPerAddress(),
                        config.maxConnectionsPerAddress()),
                Duration.ofMillis(config.dialTimeoutMs()), config.ioThreads(), config.maxStreamsPerConnection(),
                Duration.ofMillis(config.keepAliveIntervalMs()), Duration.ofMillis(config.reconnectInitialMs()),
                Duration.ofMillis(config.reconnectMaxMs()), config.pubsubQueueCapacity());
    }

    /** Settings for tests and embedding: listen on {@code host:port}, dial {@code bootstrap}, defaults otherwise. */
    public static TransportSettings defaults(String host, int port, List<Multiaddress> bootstrap) {
        return new TransportSettings(host, port, bootstrap, 256, InboundLimits.DEFAULTS, Duration.ofSeconds(10), 0,
                1024, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(60), 1024);
    }

    /** A copy with other reconnect backoff bounds. */
    public TransportSettings withReconnect(Duration initial, Duration max) {
        return new TransportSettings(listenHost, port, bootstrap, maxConnections, inboundLimits, dialTimeout,
                ioThreads, maxStreamsPerConnection, keepAliveInterval, initial, max, pubsubQueueCapacity);
    }

    /** A copy allowing at most {@code max} connections. */
    public TransportSettings withMaxConnections(int max) {
        return new TransportSettings(listenHost, port, bootstrap, max, inboundLimits, dialTimeout, ioThreads,
                maxStreamsPerConnection, keepAliveInterval, reconnectInitial, reconnectMax, pubsubQueueCapacity);
    }

    /** A copy with other bounds of inbound connections. */
    public TransportSettings withInboundLimits(InboundLimits limits) {
        return new TransportSettings(listenHost, port, bootstrap, maxConnections, limits, dialTimeout, ioThreads,
                maxStreamsPerConnection, keepAliveInterval, reconnectInitial, reconnectMax, pubsubQueueCapacity);
    }

    /** A copy whose dials and inbound upgrades must finish within {@code timeout}. */
    public TransportSettings withDialTimeout(Duration timeout) {
        return new TransportSettings(listenHost, port, bootstrap, maxConnections, inboundLimits, timeout, ioThreads,
                maxStreamsPerConnection, keepAliveInterval, reconnectInitial, reconnectMax, pubsubQueueCapacity);
    }

    int eventLoopThreads() {
        return ioThreads > 0 ? ioThreads : Math.min(8, Runtime.getRuntime().availableProcessors());
    }

    private static boolean between(Duration value, long minMillis, long maxMillis) {
        return value.toMillis() >= minMillis && value.toMillis() <= maxMillis;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("Invalid " + Libp2pConfig.PID + " configuration: " + message);
        }
    }
}
