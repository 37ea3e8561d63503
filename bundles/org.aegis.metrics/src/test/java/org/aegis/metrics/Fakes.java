package org.aegis.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.aegis.api.Registration;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.node.NodeEvent;
import org.aegis.api.node.NodeHealth;
import org.aegis.api.node.NodeService;
import org.aegis.api.node.NodeStatus;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.PubSubMessage;
import org.aegis.api.transport.Stream;
import org.aegis.api.transport.StreamHandler;
import org.aegis.api.transport.Transport;

/** Hand-written stand-ins for the services the engine uses. */
final class Fakes {
    private Fakes() {
    }

    static NodeIdentity identity(String peerId) {
        return new NodeIdentity() {
            @Override
            public String peerId() {
                return peerId;
            }

            @Override
            public byte[] publicKey() {
                return new byte[0];
            }

            @Override
            public byte[] sign(byte[] data) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean verify(String peerId, byte[] data, byte[] signature) {
                return false;
            }
        };
    }

    /** Records subscriptions and publications. */
    static final class FakeTransport implements Transport {
        record Published(String topic, byte[] data) {
        }

        final List<Published> published = new CopyOnWriteArrayList<>();
        final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

        final class Subscription implements Registration {
            final String topic;
            final Consumer<PubSubMessage> handler;
            volatile boolean closed;

            Subscription(String topic, Consumer<PubSubMessage> handler) {
                this.topic = topic;
                this.handler = handler;
            }

            @Override
            public void close() {
                closed = true;
            }
        }

        /** Delivers a message to every open subscription of its topic. */
        void deliver(PubSubMessage message) {
            for (Subscription s : subscriptions) {
                if (!s.closed && s.topic.equals(message.topic())) {
                    s.handler.accept(message);
                }
            }
        }

        List<Subscription> open() {
            return subscriptions.stream().filter(s -> !s.closed).toList();
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
        public Registration handle(String protocolId, StreamHandler handler) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Stream> openStream(String peerId, String protocolId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletionStage<Duration> ping(String peerId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Registration subscribe(String topic, Consumer<PubSubMessage> handler) {
            Subscription s = new Subscription(topic, handler);
            subscriptions.add(s);
            return s;
        }

        @Override
        public CompletionStage<Void> publish(String topic, byte[] data) {
            published.add(new Published(topic, data.clone()));
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Records the events published on the node's bus. */
    static final class FakeNode implements NodeService {
        final List<NodeEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public NodeStatus status() {
            throw new UnsupportedOperationException();
        }

        @Override
        public NodeHealth health() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void publish(NodeEvent event) {
            events.add(event);
        }
    }
}
