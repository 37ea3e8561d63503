package org.aegis.transport.libp2p.connection;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.aegis.transport.libp2p.identify.IdentifyInfo;
import org.aegis.transport.libp2p.multiformats.Multiaddress;
import org.aegis.transport.libp2p.multistream.Negotiation;
import org.aegis.transport.libp2p.yamux.YamuxSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An upgraded connection to one peer: Noise-secured, Yamux-multiplexed, with what identify and ping learnt. */
public final class Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    private final Channel channel;
    private final String remotePeerId;
    private final boolean dialer;
    private final Multiaddress remoteAddress;
    private final YamuxSession session;
    private final CompletableFuture<IdentifyInfo> identified = new CompletableFuture<>();
    private volatile IdentifyInfo identify = IdentifyInfo.EMPTY;
    private volatile Duration latency;

    Connection(Channel channel, String remotePeerId, boolean dialer, Multiaddress remoteAddress, YamuxSession session) {
        this.channel = channel;
        this.remotePeerId = remotePeerId;
        this.dialer = dialer;
        this.remoteAddress = remoteAddress;
        this.session = session;
    }

    public String remotePeerId() {
        return remotePeerId;
    }

    /** Whether this node dialled the connection. */
    public boolean dialer() {
        return dialer;
    }

    /** The remote's TCP address as this node sees it (identify's observed address for the remote). */
    public Multiaddress remoteAddress() {
        return remoteAddress;
    }

    public Channel channel() {
        return channel;
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Opens a stream and negotiates the first of {@code protocols} the peer supports. */
    public CompletableFuture<Libp2pStream> openStream(List<String> protocols) {
        return session.open(stream -> new StreamNegotiator(stream, Negotiation.dialer(protocols), remotePeerId))
                .thenCompose(StreamNegotiator::start);
    }

    /** Accepts the peer's streams for the protocols of {@code registry}. */
    YamuxSession.Acceptor acceptor(ProtocolRegistry registry) {
        return stream -> {
            StreamNegotiator negotiator = new StreamNegotiator(stream,
                    Negotiation.listener(registry::supports, registry.protocols()), remotePeerId);
            negotiator.start().thenAccept(negotiated -> {
                var handler = registry.handler(negotiated.protocol());
                if (handler == null) {
                    negotiated.reset();
                    return;
                }
                try {
                    handler.accept(this, negotiated);
                } catch (RuntimeException e) {
                    LOG.warn("Handler of {} failed on a stream from {}; resetting it", negotiated.protocol(),
                            remotePeerId, e);
                    negotiated.reset();
                }
            });
            return negotiator;
        };
    }

    /** Ends the connection with Yamux Go Away. */
    public void close() {
        session.close();
    }

    public IdentifyInfo identify() {
        return identify;
    }

    /** Completes once the peer has been identified (or identify failed, with what is known). */
    public CompletableFuture<IdentifyInfo> identified() {
        return identified;
    }

    public void identified(IdentifyInfo info) {
        identify = info;
        identified.complete(info);
    }

    public void updateIdentify(IdentifyInfo info) {
        identify = info;
    }

    public Duration latency() {
        return latency;
    }

    public void latency(Duration rtt) {
        latency = rtt;
    }

    @Override
    public String toString() {
        return (dialer ? "outbound" : "inbound") + " connection with " + remotePeerId + " at " + remoteAddress;
    }
}
