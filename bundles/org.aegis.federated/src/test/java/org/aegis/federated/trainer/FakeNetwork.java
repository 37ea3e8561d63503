package org.aegis.federated.trainer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.function.Consumer;
import org.aegis.api.Registration;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.PubSubMessage;
import org.aegis.api.transport.Stream;
import org.aegis.api.transport.StreamHandler;
import org.aegis.api.transport.Transport;

/** Streams between in-JVM nodes, routed by peer id; nothing else of a transport. */
final class FakeNetwork {
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();

    Transport transport(String peerId) {
        return nodes.computeIfAbsent(peerId, Node::new);
    }

    private final class Node implements Transport {
        private final String peerId;
        private final Map<String, StreamHandler> handlers = new ConcurrentHashMap<>();

        Node(String peerId) {
            this.peerId = peerId;
        }

        @Override
        public Registration handle(String protocolId, StreamHandler handler) {
            handlers.put(protocolId, handler);
            return () -> handlers.remove(protocolId, handler);
        }

        @Override
        public CompletionStage<Stream> openStream(String remote, String protocolId) {
            Node target = nodes.get(remote);
            StreamHandler handler = target == null ? null : target.handlers.get(protocolId);
            if (handler == null) {
                return CompletableFuture.failedFuture(new IllegalStateException(remote + " does not speak "
                        + protocolId));
            }
            End local = new End(protocolId, remote);
            End far = new End(protocolId, peerId);
            local.other = far;
            far.other = local;
            handler.onStream(far);
            return CompletableFuture.completedFuture(local);
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public List<Multiaddr> listenAddresses() {
            return List.of();
        }

        @Override
        public CompletionStage<PeerInfo> dial(Multiaddr address) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PeerInfo> peers() {
            return List.of();
        }

        @Override
        public Registration subscribe(String topic, Consumer<PubSubMessage> handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Duration> ping(String remote) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Void> publish(String topic, byte[] data) {
            throw new UnsupportedOperationException();
        }
    }

    /** One end of a stream: what the other end writes arrives on this end's inbound. */
    private static final class End implements Stream {
        private final String protocol;
        private final String remote;
        private final SubmissionPublisher<ByteBuffer> inbound = new SubmissionPublisher<>();
        private End other;

        End(String protocol, String remote) {
            this.protocol = protocol;
            this.remote = remote;
        }

        @Override
        public String protocol() {
            return protocol;
        }

        @Override
        public String remotePeerId() {
            return remote;
        }

        @Override
        public Flow.Publisher<ByteBuffer> inbound() {
            return inbound;
        }

        @Override
        public CompletionStage<Void> write(ByteBuffer data) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
            other.inbound.submit(copy);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<Void> closeWrite() {
            other.inbound.close();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void reset() {
            IllegalStateException reset = new IllegalStateException("stream reset");
            inbound.closeExceptionally(reset);
            other.inbound.closeExceptionally(reset);
        }
    }
}
