package org.aegis.transport.libp2p;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.aegis.api.Registration;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.telemetry.MetricSource;
import org.aegis.api.telemetry.MetricWriter;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.PubSubMessage;
import org.aegis.api.transport.Stream;
import org.aegis.api.transport.StreamHandler;
import org.aegis.api.transport.Transport;
import org.aegis.transport.libp2p.connection.Connection;
import org.aegis.transport.libp2p.connection.InboundConnectionGate;
import org.aegis.transport.libp2p.connection.LengthPrefixedReader;
import org.aegis.transport.libp2p.connection.Libp2pStream;
import org.aegis.transport.libp2p.connection.ProtocolRegistry;
import org.aegis.transport.libp2p.connection.Upgrader;
import org.aegis.transport.libp2p.connection.WireBytes;
import org.aegis.transport.libp2p.identify.IdentifyCodec;
import org.aegis.transport.libp2p.identify.IdentifyInfo;
import org.aegis.transport.libp2p.multiformats.Multiaddress;
import org.aegis.transport.libp2p.multiformats.PeerIds;
import org.aegis.transport.libp2p.noise.NoiseIdentity;
import org.aegis.transport.libp2p.ping.PingProtocol;
import org.aegis.transport.libp2p.pubsub.GossipConfig;
import org.aegis.transport.libp2p.pubsub.GossipRouter;
import org.aegis.transport.libp2p.pubsub.GossipSnapshot;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The libp2p {@link Transport}: TCP, Noise, Yamux, identify, ping and the gossipsub streams, on Netty. One connection
 * per peer; bootstrap peers are kept connected with capped exponential backoff. Its threads (all named
 * {@code aegis-libp2p-…}) are started here and stopped by {@link #close}.
 */
@Component(name = Libp2pConfig.PID, configurationPid = Libp2pConfig.PID, immediate = true, service = {Transport.class, MetricSource.class},
        property = "transport.name=" + Libp2pTransport.NAME)
@Designate(ocd = Libp2pConfig.class)
public final class Libp2pTransport implements Transport, MetricSource, AutoCloseable {
    public static final String NAME = "libp2p";
    /** Every thread this transport starts has a name starting with this. */
    public static final String THREAD_PREFIX = "aegis-libp2p";

    private static final Logger LOG = LoggerFactory.getLogger(Libp2pTransport.class);

    private final TransportSettings settings;
    private final String localPeerId;
    private final byte[] publicKey;
    private final String agentVersion;
    /** Gossipsub's heartbeat and its serial queues; two threads keep a slow subscriber from stalling the heartbeat. */
    private static final int PUBSUB_THREADS = 2;
    private final ScheduledExecutorService pubsubThreads;
    private final GossipRouter router;
    private final MeshsubStreams meshsub;
    private final SecureRandom random = new SecureRandom();
    private final TransportThreads threads = new TransportThreads();
    private final ProtocolRegistry registry = new ProtocolRegistry();
    private final Upgrader upgrader;
    private final WireBytes wireBytes = new WireBytes();
    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder connectionsClosed = new LongAdder();
    private final EventLoopGroup acceptGroup;
    private final EventLoopGroup ioGroup;
    private final ThreadPoolExecutor resolver;
    private final Channel serverChannel;
    private final InboundConnectionGate inboundGate;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<PeerInfo>> pendingDials = new ConcurrentHashMap<>();
    private volatile boolean closing;

    @Activate
    public Libp2pTransport(Libp2pConfig config, @Reference(name = "identity") NodeIdentity identity) {
        this(TransportSettings.from(config), identity);
    }

    /**
     * Starts listening and dialling the bootstrap peers, with gossipsub for the pubsub topics.
     *
     * @throws IllegalStateException when the identity is inconsistent or the port cannot be bound
     */
    public Libp2pTransport(TransportSettings settings, NodeIdentity identity) {
        this.settings = settings;
        this.publicKey = publicKeyOf(identity);
        this.localPeerId = identity.peerId();
        this.agentVersion = "aegis/" + version();
        this.pubsubThreads = Executors.newScheduledThreadPool(PUBSUB_THREADS, threads.factory("pubsub"));
        this.router = new GossipRouter(GossipConfig.defaults(), identity, pubsubThreads, Clock.systemUTC());
        this.meshsub = new MeshsubStreams(router, settings.pubsubQueueCapacity());
        this.upgrader = new Upgrader(new NoiseIdentity(identity, publicKey, random), registry, settings.dialTimeout(),
                settings.maxStreamsPerConnection(), settings.keepAliveInterval(), wireBytes);
        registerBuiltInProtocols();
        TransportSettings.InboundLimits limits = settings.inboundLimits();
        this.inboundGate = new InboundConnectionGate(limits.maxPendingHandshakes(),
                limits.maxPendingHandshakesPerAddress(), limits.maxConnectionsPerAddress());
        this.acceptGroup = new NioEventLoopGroup(1, threads.factory("accept"));
        this.ioGroup = new NioEventLoopGroup(settings.eventLoopThreads(),
                threads.factory("io"));
        this.resolver = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                threads.factory("dns"));
        try {
            this.serverChannel = listen();
        } catch (RuntimeException e) {
            shutdownThreads();
            throw e;
        }
        LOG.info("libp2p transport of {} listening on {}", localPeerId, listenAddresses());
        for (Multiaddress address : settings.bootstrap()) {
            keepConnected(address, 0);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    public String localPeerId() {
        return localPeerId;
    }

    @Override
    public List<Multiaddr> listenAddresses() {
        List<Multiaddr> addresses = new ArrayList<>();
        for (Multiaddress address : listenMultiaddresses()) {
            addresses.add(new Multiaddr(address.withPeerId(localPeerId).toString()));
        }
        return addresses;
    }

    @Override
    public CompletionStage<PeerInfo> dial(Multiaddr address) {
        Multiaddress target;
        InetSocketAddress endpoint;
        try {
            target = Multiaddress.parse(address.value());
            endpoint = target.tcpEndpoint();
        } catch (ProtocolException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("cannot dial " + address + ": "
                    + e.getMessage(), e));
        }
        if (closing) {
            return CompletableFuture.failedFuture(new IllegalStateException("the libp2p transport is stopped"));
        }
        String expected = target.peerId().orElse(null);
        if (expected == null) {
            return connect(target, endpoint, null);
        }
        if (expected.equals(localPeerId)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("cannot dial this node itself"));
        }
        Connection existing = connections.get(expected);
        if (existing != null && existing.isOpen()) {
            return existing.identified().thenApply(info -> peerInfo(existing));
        }
        CompletableFuture<PeerInfo>[] created = new CompletableFuture[1];
        CompletableFuture<PeerInfo> dial = pendingDials.computeIfAbsent(expected,
                peer -> created[0] = new CompletableFuture<>());
        if (created[0] != null) {
            connect(target, endpoint, expected).whenComplete((info, error) -> {
                pendingDials.remove(expected, dial);
                if (error == null) {
                    dial.complete(info);
                } else {
                    dial.completeExceptionally(error);
                }
            });
        }
        return dial.copy();
    }

    @Override
    public List<PeerInfo> peers() {
        List<PeerInfo> peers = new ArrayList<>();
        for (Connection connection : connections.values()) {
            if (connection.isOpen()) {
                peers.add(peerInfo(connection));
            }
        }
        return peers;
    }

    @Override
    public Registration handle(String protocolId, StreamHandler handler) {
        if (protocolId == null || !protocolId.startsWith("/") || protocolId.contains("\n")) {
            throw new IllegalArgumentException("a protocol id starts with '/' and has no newline: " + protocolId);
        }
        ProtocolRegistry.StreamAcceptor acceptor = (connection, stream) -> handler.onStream(stream);
        if (!registry.register(protocolId, acceptor)) {
            throw new IllegalStateException(protocolId + " already has a handler");
        }
        pushIdentify();
        return new Registration() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    registry.unregister(protocolId, acceptor);
                    pushIdentify();
                }
            }
        };
    }

    @Override
    public CompletionStage<Stream> openStream(String peerId, String protocolId) {
        return connected(peerId).thenCompose(connection -> connection.openStream(List.of(protocolId)))
                .thenApply(stream -> (Stream) stream);
    }

    @Override
    public CompletionStage<Duration> ping(String peerId) {
        return connected(peerId).thenCompose(connection -> within(connection.openStream(List.of(PingProtocol.PROTOCOL_ID))
                .thenCompose(stream -> PingProtocol.ping(stream, random)), settings.dialTimeout())
                .thenApply(rtt -> {
                    connection.latency(rtt);
                    return rtt;
                }));
    }

    @Override
    public Registration subscribe(String topic, Consumer<PubSubMessage> handler) {
        return router.subscribe(topic, handler);
    }

    @Override
    public CompletionStage<Void> publish(String topic, byte[] data) {
        return router.publish(topic, data);
    }

    /** Gossipsub's mesh, peer scores and counters, for diagnostics. */
    public CompletionStage<GossipSnapshot> pubsubSnapshot() {
        return router.snapshot();
    }

    /**
     * Connections and bytes on the wire and gossipsub's deliveries, for {@code /metrics}; the connected peers are
     * already there from the {@link Transport} service ({@code aegis_transport_peers}).
     */
    @Override
    public void collect(MetricWriter out) {
        out.counter("aegis_transport_connections_opened", "libp2p connections established (secured, multiplexed"
                + " and admitted)", connectionsOpened.sum());
        out.counter("aegis_transport_connections_closed", "Admitted libp2p connections that closed",
                connectionsClosed.sum());
        out.counter("aegis_transport_read_bytes", "Bytes read from libp2p sockets, encrypted, handshakes included",
                wireBytes.read());
        out.counter("aegis_transport_written_bytes", "Bytes written to libp2p sockets, encrypted, handshakes"
                + " included", wireBytes.written());
        out.counter("aegis_transport_gossip_delivered_messages", "Gossipsub messages from peers delivered here the"
                + " first time", router.deliveredMessages());
        out.counter("aegis_transport_gossip_duplicate_messages", "Gossipsub messages dropped as already seen",
                router.duplicateMessages());
    }

    /** Ends every connection with Go Away, stops listening and stops every thread of the transport. */
    @Deactivate
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        serverChannel.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        List<ChannelFuture> closed = new ArrayList<>();
        for (Connection connection : connections.values()) {
            connection.close();
            closed.add(connection.channel().closeFuture());
        }
        for (ChannelFuture future : closed) {
            future.awaitUninterruptibly(500, TimeUnit.MILLISECONDS);
        }
        shutdownThreads();
        LOG.info("libp2p transport of {} stopped", localPeerId);
    }

    // ---- listening and dialling

    private Channel listen() {
        ServerBootstrap server = new ServerBootstrap().group(acceptGroup, ioGroup).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        accepted(channel);
                    }
                });
        ChannelFuture bound = server.bind(settings.listenHost(), settings.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("cannot listen on " + settings.listenHost() + ":" + settings.port() + ": "
                    + bound.cause().getMessage(), bound.cause());
        }
        return bound.channel();
    }

    private CompletableFuture<PeerInfo> connect(Multiaddress target, InetSocketAddress endpoint, String expected) {
        CompletableFuture<Connection> upgrade = new CompletableFuture<>();
        resolve(target, endpoint).thenAccept(resolved -> {
            ChannelFuture connect = new Bootstrap().group(ioGroup).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.dialTimeout().toMillis())
                    .handler(upgrader.initializer(true, expected, upgraded -> upgraded.whenComplete((c, e) -> {
                        if (e != null) {
                            upgrade.completeExceptionally(e);
                        } else {
                            upgrade.complete(c);
                        }
                    })))
                    .connect(resolved);
            connect.addListener(f -> {
                if (!f.isSuccess()) {
                    upgrade.completeExceptionally(new IOException("cannot connect to " + target + ": "
                            + f.cause().getMessage(), f.cause()));
                }
            });
        }).exceptionally(error -> {
            upgrade.completeExceptionally(unwrap(error));
            return null;
        });
        long timeout = settings.dialTimeout().toMillis();
        return within(upgrade.thenApply(this::admit)
                .thenCompose(connection -> connection.identified().thenApply(info -> peerInfo(connection))),
                settings.dialTimeout())
                .handle((info, error) -> {
                    if (error == null) {
                        return info;
                    }
                    Throwable cause = unwrap(error);
                    if (cause instanceof TimeoutException) {
                        cause = new IOException("dial to " + target + " did not finish within " + timeout + " ms");
                    }
                    throw new CompletionException(cause);
                });
    }

    private CompletableFuture<InetSocketAddress> resolve(Multiaddress target, InetSocketAddress endpoint) {
        if (!endpoint.isUnresolved()) {
            return CompletableFuture.completedFuture(endpoint);
        }
        boolean wantsV4 = target.components().get(0).protocol() == Multiaddress.Protocol.DNS4;
        boolean wantsV6 = target.components().get(0).protocol() == Multiaddress.Protocol.DNS6;
        // name lookups block, so they run on their own thread rather than on an event loop
        return CompletableFuture.supplyAsync(() -> {
            try {
                for (InetAddress address : InetAddress.getAllByName(endpoint.getHostString())) {
                    if (!wantsV4 && !wantsV6 || wantsV4 && address instanceof Inet4Address
                            || wantsV6 && address instanceof Inet6Address) {
                        return new InetSocketAddress(address, endpoint.getPort());
                    }
                }
                throw new CompletionException(new UnknownHostException("no suitable address for " + target));
            } catch (UnknownHostException e) {
                throw new CompletionException(new UnknownHostException("cannot resolve " + target + ": "
                        + e.getMessage()));
            }
        }, resolver);
    }

    // ---- connections

    /**
     * Takes a pending place for a channel just accepted, or closes it with a reset before reading anything; the place
     * is given back when the channel closes, however the upgrade ended.
     */
    private void accepted(Channel channel) {
        InetAddress remote = ((InetSocketAddress) channel.remoteAddress()).getAddress();
        InboundConnectionGate.Slot slot = inboundGate.tryAcquire(remote);
        if (slot == null) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
            return;
        }
        channel.closeFuture().addListener(f -> slot.release());
        channel.pipeline().addLast(upgrader.initializer(false, null,
                upgraded -> upgraded.whenComplete((connection, e) -> {
                    if (connection != null) {
                        admitInbound(connection, slot);
                    }
                })));
    }

    private void admitInbound(Connection connection, InboundConnectionGate.Slot slot) {
        if (!slot.establish()) {
            LOG.debug("Refused {}: its address has its most connections", connection);
            connection.close();
            return;
        }
        try {
            admit(connection);
        } catch (IllegalStateException e) {
            LOG.info("Refused {}: {}", connection, e.getMessage());
        }
    }

    /** The bounds of inbound connections, with what they count now. */
    InboundConnectionGate inboundGate() {
        return inboundGate;
    }

    /**
     * Makes {@code connection} the peer's connection, or keeps the one already there, the same way on both sides.
     * Of two connections in opposite directions (a simultaneous open) the one dialled by the smaller peer id stays.
     * Of two in the same direction the newer one stays: a peer dials again only once it has given up the connection
     * it had (whose Go Away and FIN may still be on the way here), and this node only dials a connected peer again
     * through an address without peer id.
     *
     * @return the connection that stays
     * @throws IllegalStateException when the transport is stopping or at its connection limit
     */
    private synchronized Connection admit(Connection connection) {
        String peerId = connection.remotePeerId();
        if (closing) {
            connection.close();
            throw new IllegalStateException("the libp2p transport is stopping");
        }
        Connection existing = connections.get(peerId);
        if (existing != null && existing.isOpen()) {
            if (existing.dialer() != connection.dialer() && dialerOf(existing).compareTo(dialerOf(connection)) < 0) {
                LOG.debug("Closing duplicate {}; keeping {}", connection, existing);
                connection.close();
                return existing;
            }
            LOG.debug("Replacing {} with {}", existing, connection);
            connections.put(peerId, connection);
            existing.close();
        } else {
            if (connections.size() >= settings.maxConnections()) {
                connection.close();
                throw new IllegalStateException("at the limit of " + settings.maxConnections() + " connections");
            }
            connections.put(peerId, connection);
        }
        connectionsOpened.increment();
        connection.channel().closeFuture().addListener(f -> connectionClosed(connection));
        identify(connection);
        return connection;
    }

    private String dialerOf(Connection connection) {
        return connection.dialer() ? localPeerId : connection.remotePeerId();
    }

    private void connectionClosed(Connection connection) {
        connectionsClosed.increment();
        connections.remove(connection.remotePeerId(), connection);
        meshsub.connectionClosed(connection);
        LOG.debug("Closed {}", connection);
    }

    /** The connection to {@code peerId}, or {@code null}. */
    Connection connection(String peerId) {
        return connections.get(peerId);
    }

    private CompletableFuture<Connection> connected(String peerId) {
        Connection connection = connections.get(peerId);
        if (connection == null || !connection.isOpen()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to " + peerId));
        }
        return CompletableFuture.completedFuture(connection);
    }

    private PeerInfo peerInfo(Connection connection) {
        IdentifyInfo info = connection.identify();
        List<Multiaddr> addresses = new ArrayList<>();
        List<Multiaddress> known = info.listenAddrs().isEmpty() ? List.of(connection.remoteAddress()) : info.listenAddrs();
        for (Multiaddress address : known) {
            addresses.add(new Multiaddr(address.withPeerId(connection.remotePeerId()).toString()));
        }
        return new PeerInfo(connection.remotePeerId(), addresses, info.protocols(), connection.latency());
    }

    // ---- bootstrap peers

    private void keepConnected(Multiaddress address, int failures) {
        if (closing) {
            return;
        }
        dial(new Multiaddr(address.toString())).whenComplete((info, error) -> {
            if (closing) {
                return;
            }
            Connection connection = info == null ? null : connections.get(info.peerId());
            if (connection == null) {
                Duration delay = backoff(failures);
                LOG.info("Bootstrap peer {} unreachable ({}); retrying in {} ms", address,
                        error == null ? "connection lost" : unwrap(error).getMessage(), delay.toMillis());
                schedule(() -> keepConnected(address, failures + 1), delay);
            } else {
                connection.channel().closeFuture().addListener(f -> schedule(() -> keepConnected(address, 0),
                        settings.reconnectInitial()));
            }
        });
    }

    Duration backoff(int failures) {
        long max = settings.reconnectMax().toMillis();
        long delay = settings.reconnectInitial().toMillis();
        for (int i = 0; i < failures && delay < max; i++) {
            delay *= 2;
        }
        return Duration.ofMillis(Math.min(delay, max));
    }

    private void schedule(Runnable task, Duration delay) {
        if (!closing && !ioGroup.isShuttingDown()) {
            ioGroup.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    // ---- identify, ping

    private void registerBuiltInProtocols() {
        registry.register(IdentifyCodec.PROTOCOL_ID, (connection, stream) -> stream
                .write(ByteBuffer.wrap(identifyMessage(connection))).thenCompose(v -> stream.closeWrite()));
        registry.register(IdentifyCodec.PUSH_PROTOCOL_ID, (connection, stream) -> readIdentify(connection, stream)
                .thenAccept(decoded -> {
                    connection.updateIdentify(connection.identify().merge(decoded.info(), decoded.hasListenAddrs(),
                            decoded.hasProtocols()));
                    meshsub.peerIdentified(connection);
                }));
        registry.register(PingProtocol.PROTOCOL_ID, (connection, stream) -> PingProtocol.echo(stream));
        meshsub.register(registry);
    }

    private byte[] identifyMessage(Connection connection) {
        byte[] message = IdentifyCodec.encode(agentVersion, publicKey, listenMultiaddresses(), registry.protocols(),
                connection.remoteAddress());
        return LengthPrefixedReader.frame(message).array();
    }

    private void identify(Connection connection) {
        within(connection.openStream(List.of(IdentifyCodec.PROTOCOL_ID))
                .thenCompose(stream -> readIdentify(connection, stream)), settings.dialTimeout())
                .whenComplete((decoded, error) -> {
                    if (error != null) {
                        LOG.info("Could not identify {}: {}", connection.remotePeerId(), unwrap(error).toString());
                        connection.identified(connection.identify());
                        return;
                    }
                    connection.identified(decoded.info());
                    meshsub.peerIdentified(connection);
                });
    }

    private CompletableFuture<IdentifyCodec.Decoded> readIdentify(Connection connection, Libp2pStream stream) {
        CompletableFuture<IdentifyCodec.Decoded> result = new CompletableFuture<>();
        LengthPrefixedReader[] reader = new LengthPrefixedReader[1];
        reader[0] = new LengthPrefixedReader(stream, IdentifyCodec.MAX_MESSAGE_LENGTH, new LengthPrefixedReader.Handler() {
            @Override
            public void onMessage(byte[] message) {
                try {
                    result.complete(IdentifyCodec.decode(message, connection.remotePeerId()));
                    stream.closeWrite();
                } catch (ProtocolException e) {
                    LOG.warn("Protocol error in identify from {}: {}", connection.remotePeerId(), e.getMessage());
                    stream.reset();
                    result.completeExceptionally(e);
                }
                reader[0].stop();
            }

            @Override
            public void onEnd() {
                result.completeExceptionally(new ProtocolException("identify stream from "
                        + connection.remotePeerId() + " ended without a message"));
            }

            @Override
            public void onError(Throwable error) {
                result.completeExceptionally(error);
            }
        });
        stream.inbound().subscribe(reader[0]);
        return result;
    }

    /**
     * Tells the peers that support identify push about this node's changed protocol list; a peer still being
     * identified is told once it is (whether it supports push is known only then, and the identify answer it got
     * may predate the change).
     */
    private void pushIdentify() {
        for (Connection connection : connections.values()) {
            connection.identified().thenRun(() -> pushIdentify(connection));
        }
    }

    private void pushIdentify(Connection connection) {
        if (!connection.isOpen() || !connection.identify().protocols().contains(IdentifyCodec.PUSH_PROTOCOL_ID)) {
            return;
        }
        connection.openStream(List.of(IdentifyCodec.PUSH_PROTOCOL_ID))
                .thenCompose(stream -> stream.write(ByteBuffer.wrap(identifyMessage(connection)))
                        .thenCompose(v -> stream.closeWrite()))
                .exceptionally(error -> {
                    LOG.debug("Identify push to {} failed: {}", connection.remotePeerId(), error.toString());
                    return null;
                });
    }

    private List<Multiaddress> listenMultiaddresses() {
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        if (!bound.getAddress().isAnyLocalAddress()) {
            return List.of(Multiaddress.ofTcp(bound));
        }
        List<Multiaddress> addresses = new ArrayList<>();
        boolean ipv6 = bound.getAddress() instanceof Inet6Address;
        try {
            for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!network.isUp()) {
                    continue;
                }
                for (InetAddress address : Collections.list(network.getInetAddresses())) {
                    if (address instanceof Inet4Address || ipv6 && !address.isLinkLocalAddress()) {
                        addresses.add(Multiaddress.ofTcp(new InetSocketAddress(address, bound.getPort())));
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warn("Cannot list the network interfaces: {}", e.getMessage());
        }
        return addresses;
    }

    // ---- helpers

    private void shutdownThreads() {
        router.close();
        pubsubThreads.shutdownNow();
        acceptGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        ioGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        resolver.shutdownNow();
        acceptGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        ioGroup.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        awaitTermination(pubsubThreads);
        List<String> alive = threads.join(5_000);
        if (!alive.isEmpty()) {
            LOG.warn("libp2p threads still running after the transport stopped: {}", alive);
        }
    }

    /**
     * {@code stage}, failed with a {@link TimeoutException} when it takes longer than {@code timeout}. Timed on the
     * transport's own event loops: {@code CompletableFuture.orTimeout} would start the JDK's shared delay thread,
     * which outlives the bundle.
     */
    private <T> CompletableFuture<T> within(CompletionStage<T> stage, Duration timeout) {
        CompletableFuture<T> result = new CompletableFuture<>();
        ScheduledFuture<?> timer = ioGroup.schedule(() -> result.completeExceptionally(new TimeoutException(
                "no answer within " + timeout.toMillis() + " ms")), timeout.toMillis(), TimeUnit.MILLISECONDS);
        stage.whenComplete((value, error) -> {
            timer.cancel(false);
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
        return result;
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] publicKeyOf(NodeIdentity identity) {
        byte[] key = identity.publicKey();
        // the API documents the protobuf encoding; a raw Ed25519 key is wrapped into it
        byte[] protobuf = key.length == 32 ? PeerIds.encodeEd25519(key) : key;
        try {
            String derived = PeerIds.fromPublicKey(protobuf);
            if (!derived.equals(identity.peerId())) {
                throw new IllegalStateException("the node identity's public key gives peer id " + derived
                        + ", not its peer id " + identity.peerId());
            }
        } catch (ProtocolException e) {
            throw new IllegalStateException("the node identity's public key is not an Ed25519 key: " + e.getMessage(), e);
        }
        return protobuf;
    }

    private static String version() {
        Bundle bundle = FrameworkUtil.getBundle(Libp2pTransport.class);
        return bundle == null ? "dev" : bundle.getVersion().toString();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
