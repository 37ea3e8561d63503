package org.aegis.transport.libp2p;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aegis.transport.libp2p.connection.Connection;
import org.aegis.transport.libp2p.connection.LengthPrefixedReader;
import org.aegis.transport.libp2p.connection.Libp2pStream;
import org.aegis.transport.libp2p.connection.ProtocolRegistry;
import org.aegis.transport.libp2p.pubsub.Direction;
import org.aegis.transport.libp2p.pubsub.GossipRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams gossipsub travels on ({@code /meshsub/1.1.0}, accepting {@code /meshsub/1.0.0}): one outbound stream
 * per peer whose RPCs are written uvarint-length-prefixed from a bounded queue, and the peer's inbound stream whose
 * RPCs go to the router.
 */
final class MeshsubStreams {
    static final String MESHSUB_1_1 = "/meshsub/1.1.0";
    static final String MESHSUB_1_0 = "/meshsub/1.0.0";
    static final List<String> PROTOCOLS = List.of(MESHSUB_1_1, MESHSUB_1_0);
    static final int MAX_RPC_LENGTH = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(MeshsubStreams.class);

    private final GossipRouter router;
    private final int queueCapacity;
    private final Map<String, RpcQueue> outbound = new ConcurrentHashMap<>();

    MeshsubStreams(GossipRouter router, int queueCapacity) {
        this.router = router;
        this.queueCapacity = queueCapacity;
    }

    void register(ProtocolRegistry registry) {
        for (String protocol : PROTOCOLS) {
            registry.register(protocol, this::accept);
        }
    }

    /**
     * A peer was identified: when it speaks meshsub, open the stream this node writes its RPCs on. A newer
     * connection to the same peer takes the router's place over from the older one.
     */
    void peerIdentified(Connection connection) {
        String peerId = connection.remotePeerId();
        RpcQueue current = outbound.get(peerId);
        if (connection.identify().protocols().stream().noneMatch(PROTOCOLS::contains)
                || current != null && current.connection == connection) {
            return;
        }
        connection.openStream(PROTOCOLS).whenComplete((stream, error) -> {
            if (error != null) {
                LOG.debug("No meshsub stream to {}: {}", peerId, error.toString());
                return;
            }
            RpcQueue queue = new RpcQueue(connection, stream);
            synchronized (outbound) {
                RpcQueue previous = outbound.put(peerId, queue);
                if (previous != null) {
                    previous.close();
                    router.peerDisconnected(peerId);
                }
                router.peerConnected(peerId, queue::offer,
                        connection.dialer() ? Direction.OUTBOUND : Direction.INBOUND, remoteIp(connection));
            }
        });
    }

    /** The peer's IP address, which gossipsub's colocation score (P6) counts; null when not an IP socket. */
    private static InetAddress remoteIp(Connection connection) {
        return connection.channel().remoteAddress() instanceof InetSocketAddress socket ? socket.getAddress() : null;
    }

    /** {@code connection} closed; the router forgets the peer unless a newer connection already took over. */
    void connectionClosed(Connection connection) {
        String peerId = connection.remotePeerId();
        RpcQueue queue = outbound.get(peerId);
        synchronized (outbound) {
            if (queue != null && queue.connection == connection && outbound.remove(peerId, queue)) {
                queue.close();
                router.peerDisconnected(peerId);
            }
        }
    }

    private void accept(Connection connection, Libp2pStream stream) {
        String peerId = stream.remotePeerId();
        LengthPrefixedReader.read(stream, MAX_RPC_LENGTH, new LengthPrefixedReader.Handler() {
            @Override
            public void onMessage(byte[] rpc) {
                router.rpcReceived(peerId, rpc);
            }

            @Override
            public void onEnd() {
                stream.closeWrite();
            }

            @Override
            public void onError(Throwable error) {
                LOG.debug("Inbound meshsub stream from {} ended: {}", peerId, error.toString());
            }
        });
    }

    /** A peer's outbound RPCs: at most {@code queueCapacity} waiting, one write in flight. */
    private final class RpcQueue {
        private final Connection connection;
        private final Libp2pStream stream;
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private boolean writing;
        private boolean closed;

        RpcQueue(Connection connection, Libp2pStream stream) {
            this.connection = connection;
            this.stream = stream;
        }

        synchronized boolean offer(byte[] rpc) {
            if (rpc.length > MAX_RPC_LENGTH) {
                LOG.warn("Dropping an RPC of {} bytes to {}: the limit is {}", rpc.length, stream.remotePeerId(),
                        MAX_RPC_LENGTH);
                return false;
            }
            if (closed || queue.size() >= queueCapacity) {
                return false;
            }
            queue.add(rpc);
            if (!writing) {
                writeNext();
            }
            return true;
        }

        private synchronized void writeNext() {
            byte[] rpc = queue.poll();
            writing = rpc != null && !closed;
            if (writing) {
                stream.write(LengthPrefixedReader.frame(rpc)).whenComplete((v, error) -> {
                    if (error != null) {
                        LOG.debug("Meshsub stream to {} failed: {}", stream.remotePeerId(), error.toString());
                        close();
                    } else {
                        writeNext();
                    }
                });
            }
        }

        synchronized void close() {
            closed = true;
            queue.clear();
        }
    }
}
