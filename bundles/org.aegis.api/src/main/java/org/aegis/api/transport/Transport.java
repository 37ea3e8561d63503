package org.aegis.api.transport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.aegis.api.Registration;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A peer-to-peer transport plugin (libp2p, in-memory, ...). Several may be installed; consumers bind to the
 * one with the highest {@code service.ranking}.
 */
@ConsumerType
public interface Transport {
    /** Short name, e.g. {@code libp2p}. */
    String name();

    /** Addresses this node listens on, including its peer id. */
    List<Multiaddr> listenAddresses();

    /** Connects to a peer (no-op when already connected); completes with the peer as identified. */
    CompletionStage<PeerInfo> dial(Multiaddr address);

    /** Peers currently connected. */
    List<PeerInfo> peers();

    /** Accepts streams of {@code protocolId} (e.g. {@code /aegis/pbft/1.0.0}) until the registration is closed. */
    Registration handle(String protocolId, StreamHandler handler);

    /** Opens a stream to a connected peer, negotiating {@code protocolId}. */
    CompletionStage<Stream> openStream(String peerId, String protocolId);

    /** Receives messages published on {@code topic} by any peer until the registration is closed. */
    Registration subscribe(String topic, Consumer<PubSubMessage> handler);

    /** Measures the round trip to a connected peer (libp2p ping or the transport's equivalent). */
    CompletionStage<Duration> ping(String peerId);

    /** Publishes {@code data} on {@code topic}, signed by this node. */
    CompletionStage<Void> publish(String topic, byte[] data);
}
