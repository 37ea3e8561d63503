package org.aegis.transport.memory;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.aegis.api.Registration;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.PeerInfo;
import org.aegis.api.transport.PubSubMessage;
import org.aegis.api.transport.Stream;
import org.aegis.api.transport.StreamHandler;
import org.aegis.api.transport.Transport;
import org.aegis.transport.memory.internal.Network;
import org.aegis.transport.memory.internal.Node;

/**
 * One node's {@link Transport} on a {@link MemoryNetwork}. Everything it does takes virtual time and happens
 * when the network's {@link VirtualTime} is driven: a future returned here completes inside a later driver
 * call (or at once when nothing has to travel).
 *
 * <ul>
 * <li>{@code dial} takes one round trip; {@code dial} of a connected peer completes at once. An unreachable or
 *     crashed peer fails at once with a {@link java.net.ConnectException}.</li>
 * <li>{@code peers()} lists connected peers in peer id order; their latency is the base round trip of the two
 *     links (the API defines it as a round trip), their protocols those the peer handles now.</li>
 * <li>{@code openStream} takes a round trip (the peer's handler runs when the request arrives) and fails with
 *     an {@link java.io.IOException} when the peer does not handle the protocol. See {@link LinkConditions}
 *     for how stream messages travel, {@link MemoryNetwork#setStreamWindow} for back-pressure.</li>
 * <li>{@code publish} sends one copy to each connected peer subscribed to the topic (one hop, no relaying, not
 *     to the publisher's own subscribers); the author is the publisher's peer id, stamped by the network, so no
 *     signature is computed: nothing on an in-JVM network can forge it.</li>
 * <li>{@code ping} measures a real round trip in virtual time (latency and jitter of both links).</li>
 * </ul>
 *
 * <p>After {@link MemoryNetwork#crash} every operation fails with an {@link IllegalStateException}
 * (the asynchronous ones through their future) and {@code peers()} is empty.
 */
public final class MemoryTransport implements Transport {
    /** The value of {@link #name()}. */
    public static final String NAME = "memory";

    private final Network network;
    private final Node node;
    private final NodeIdentity identity;

    MemoryTransport(Network network, Node node, NodeIdentity identity) {
        this.network = network;
        this.node = node;
        this.identity = identity;
    }

    public String peerId() {
        return node.peerId();
    }

    /** The identity the transport was created with, if any. */
    public Optional<NodeIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    /** {@code /memory/<port>/p2p/<peerId>}; a restarted node keeps it. */
    public Multiaddr address() {
        return node.address();
    }

    public boolean isCrashed() {
        return node.isCrashed();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Multiaddr> listenAddresses() {
        return List.of(node.address());
    }

    /** Accepts {@code /memory/<port>/p2p/<peerId>}, {@code /memory/<port>} and {@code /p2p/<peerId>}. */
    @Override
    public CompletionStage<PeerInfo> dial(Multiaddr address) {
        return network.dial(node, address);
    }

    @Override
    public List<PeerInfo> peers() {
        return network.peers(node);
    }

    /** The latest handler registered for a protocol wins; closing a replaced registration has no effect. */
    @Override
    public Registration handle(String protocolId, StreamHandler handler) {
        return node.handle(protocolId, handler);
    }

    @Override
    public CompletionStage<Stream> openStream(String peerId, String protocolId) {
        return network.openStream(node, peerId, protocolId);
    }

    @Override
    public Registration subscribe(String topic, Consumer<PubSubMessage> handler) {
        return node.subscribe(topic, handler);
    }

    @Override
    public CompletionStage<Duration> ping(String peerId) {
        return network.ping(node, peerId);
    }

    /** Completes at once: the copies are on their links (or dropped by them). */
    @Override
    public CompletionStage<Void> publish(String topic, byte[] data) {
        return network.publish(node, topic, Objects.requireNonNull(data, "data"));
    }

    @Override
    public String toString() {
        return "MemoryTransport[" + node + "]";
    }
}
