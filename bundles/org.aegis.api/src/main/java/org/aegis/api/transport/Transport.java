package org.aegis.api.transport;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.aegis.api.Registration;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A peer-to-peer transport plugin (libp2p, in-memory, ...). Several may be installed; the platform's consumers
 * (consensus, federated learning, metrics gossip, REST, shell) each bind to the one with the highest
 * {@code service.ranking} (an {@code Integer}, 0 when absent) and rebind when a higher-ranked one appears. No other
 * service property is read.
 *
 * <p>Threading: every method may be called from any thread, concurrently (REST request threads, SCR bind methods,
 * the consensus and federated threads): all must be thread-safe. The synchronous ones ({@link #handle},
 * {@link #subscribe}, {@link #peers()}, {@link #listenAddresses()}) are called from SCR bind methods and request
 * threads and must return quickly; the others return a stage at once and do their I/O elsewhere. Consumers chain
 * callbacks on the stages, which run on whichever thread completes them (libp2p: its event loops).
 *
 * <p>Errors: the asynchronous methods report failures through their stage, not by throwing. Fail with an
 * {@link IllegalArgumentException} for a malformed address or argument (REST answers 400 for a {@link #dial}) and
 * with another exception, e.g. an {@link java.io.IOException} or {@link IllegalStateException}, when the peer cannot be
 * reached, is not connected, or the transport is stopped.
 *
 * <p>Hot swap: when a transport's service goes away (its bundle stopped or updated) or a higher-ranked one replaces
 * it, consumers close the {@link Registration}s they hold on it (a greedy rebind may close them only after they
 * registered on the replacement), drop their {@link Stream}s on it (consensus resets them) and register anew on
 * the replacement. A stopping transport should end its connections as libp2p does: pending stages fail, open
 * streams reset (their {@link Stream#inbound()} subscribers get {@code onError}), and no handler or subscriber is
 * called afterwards.
 *
 * <p>Versioning: a {@link ConsumerType} interface. The platform adds capabilities only as default methods or new
 * interfaces, so a transport built against version x.y of this package keeps working with every x.* version.
 */
@ConsumerType
public interface Transport {
    /** Short name, e.g. {@code libp2p}; shown by the REST API's network status. Constant for the service's life. */
    String name();

    /** Addresses this node listens on, including its peer id. Quick: called on REST and shell threads. */
    List<Multiaddr> listenAddresses();

    /**
     * Connects to a peer (no-op when already connected); completes with the peer as identified. Returns at once;
     * concurrent dials of one peer may share one connection attempt. Fails with an
     * {@link IllegalArgumentException} when the address cannot be parsed or names this node, otherwise when the
     * peer cannot be reached (libp2p: within its dial timeout) or the transport is stopped.
     */
    CompletionStage<PeerInfo> dial(Multiaddr address);

    /** Peers currently connected; a snapshot, quick (REST, shell and health threads call it). */
    List<PeerInfo> peers();

    /**
     * Accepts streams of {@code protocolId} (e.g. {@code /aegis/pbft/1.0.0}) until the registration is closed.
     * Consumers call it from SCR bind methods, once per protocol and transport. The transport calls
     * {@link StreamHandler#onStream} on a thread of its own (libp2p: the connection's event loop), once per
     * stream the remote opened and negotiated; libp2p logs what the handler throws and resets that stream.
     *
     * <p>A protocol has one handler at a time: a second registration for it may be refused (libp2p throws
     * {@link IllegalStateException}) or may replace the first (in-memory). An invalid id throws
     * {@link IllegalArgumentException}. Closing the registration stops new streams from reaching the handler;
     * streams it already received stay open until their owner resets or closes them.
     */
    Registration handle(String protocolId, StreamHandler handler);

    /**
     * Opens a stream to a connected peer, negotiating {@code protocolId}. Returns at once; fails when the peer is not
     * connected, does not handle the protocol, or the connection breaks meanwhile. The caller owns the stream and
     * must close or reset it.
     */
    CompletionStage<Stream> openStream(String peerId, String protocolId);

    /**
     * Receives messages published on {@code topic} by other peers until the registration is closed (a node's own
     * publications are not delivered to its own subscribers). Consumers call it from SCR bind methods. The
     * transport calls {@code handler} on a thread of its own, one message at a time per subscription, in arrival
     * order (libp2p catches and logs what the handler throws, and goes on). Handlers must not block: libp2p runs
     * them on a pool of two threads shared with gossip routing. After {@link Registration#close()} returns, a
     * message already being delivered may still reach the handler, but no later one.
     */
    Registration subscribe(String topic, Consumer<PubSubMessage> handler);

    /**
     * Measures the round trip to a connected peer (libp2p ping or the transport's equivalent). Returns at once;
     * fails when the peer is not connected or does not answer in time. REST answers 404 when it fails with an
     * {@link IllegalArgumentException}, 502 otherwise.
     */
    CompletionStage<Duration> ping(String peerId);

    /**
     * Publishes {@code data} on {@code topic}, signed by this node. Returns at once and completes once the message
     * is handed to the peers (not when they received it); fails when the message is too large or the transport is
     * stopped.
     */
    CompletionStage<Void> publish(String topic, byte[] data);
}
