package org.aegis.transport.libp2p.connection;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.aegis.transport.libp2p.ProtocolException;
import org.aegis.transport.libp2p.multiformats.Multiaddress;
import org.aegis.transport.libp2p.multistream.MultistreamSelectHandler;
import org.aegis.transport.libp2p.multistream.Negotiation;
import org.aegis.transport.libp2p.noise.NoiseFrameDecoder;
import org.aegis.transport.libp2p.noise.NoiseHandshakeHandler;
import org.aegis.transport.libp2p.noise.NoiseIdentity;
import org.aegis.transport.libp2p.yamux.YamuxFrameDecoder;
import org.aegis.transport.libp2p.yamux.YamuxSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades a TCP channel to a libp2p connection: multistream-select {@code /noise}, the Noise XX handshake,
 * multistream-select {@code /yamux/1.0.0}, then the Yamux session. The result completes with the
 * {@link Connection}, or fails with why (a protocol error, the wrong peer, a timeout, the channel closing).
 */
public final class Upgrader {
    public static final String NOISE_PROTOCOL_ID = "/noise";
    private static final Logger LOG = LoggerFactory.getLogger(Upgrader.class);

    private final NoiseIdentity identity;
    private final ProtocolRegistry registry;
    private final Duration timeout;
    private final int maxStreams;
    private final Duration keepAliveInterval;
    private final WireBytes wireBytes;

    public Upgrader(NoiseIdentity identity, ProtocolRegistry registry, Duration timeout, int maxStreams,
            Duration keepAliveInterval, WireBytes wireBytes) {
        this.wireBytes = wireBytes;
        this.identity = identity;
        this.registry = registry;
        this.timeout = timeout;
        this.maxStreams = maxStreams;
        this.keepAliveInterval = keepAliveInterval;
    }

    /**
     * The initializer of a channel this node dials ({@code expectedPeerId} may be {@code null}) or accepts; the
     * outcome goes to {@code onUpgraded} exactly once.
     */
    public ChannelInitializer<Channel> initializer(boolean dialer, String expectedPeerId,
            Consumer<CompletableFuture<Connection>> onUpgraded) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                CompletableFuture<Connection> upgraded = new CompletableFuture<>();
                onUpgraded.accept(upgraded);
                start(channel, dialer, expectedPeerId, upgraded);
            }
        };
    }

    private void start(Channel channel, boolean dialer, String expectedPeerId, CompletableFuture<Connection> upgraded) {
        Negotiation security = dialer ? Negotiation.dialer(List.of(NOISE_PROTOCOL_ID))
                : Negotiation.listener(NOISE_PROTOCOL_ID::equals, List.of(NOISE_PROTOCOL_ID));
        // the dialer proposes one protocol each time, so it selects optimistically: Noise's first message goes out
        // with the proposal, and Yamux (identify's stream first) right behind the last handshake message
        channel.pipeline().addFirst("wire-bytes", wireBytes);
        channel.pipeline().addLast("select-security", new MultistreamSelectHandler(security, dialer,
                (ctx, protocol) -> {
                    ctx.pipeline().addAfter(ctx.name(), "noise-frames", new NoiseFrameDecoder());
                    ctx.pipeline().addAfter("noise-frames", "noise-handshake", new NoiseHandshakeHandler(identity,
                            dialer, expectedPeerId, (noise, peerId) -> secured(noise, dialer, peerId, upgraded)));
                }));
        channel.pipeline().addLast("upgrade-errors", new UpgradeErrors(upgraded));
        ScheduledFuture<?> deadline = channel.eventLoop().schedule(() -> {
            if (upgraded.completeExceptionally(new IOException("connection upgrade with " + channel.remoteAddress()
                    + " did not finish within " + timeout))) {
                channel.close();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(f -> {
            deadline.cancel(false);
            upgraded.completeExceptionally(new IOException("connection with " + channel.remoteAddress()
                    + " closed during the upgrade"));
        });
        upgraded.whenComplete((connection, error) -> deadline.cancel(false));
    }

    private void secured(ChannelHandlerContext noise, boolean dialer, String peerId,
            CompletableFuture<Connection> upgraded) {
        Negotiation muxer = dialer ? Negotiation.dialer(List.of(YamuxSession.PROTOCOL_ID))
                : Negotiation.listener(YamuxSession.PROTOCOL_ID::equals, List.of(YamuxSession.PROTOCOL_ID));
        noise.pipeline().addAfter(noise.name(), "select-muxer", new MultistreamSelectHandler(muxer, dialer,
                (ctx, protocol) -> multiplexed(ctx, dialer, peerId, upgraded)));
    }

    private void multiplexed(ChannelHandlerContext ctx, boolean dialer, String peerId,
            CompletableFuture<Connection> upgraded) {
        Channel channel = ctx.channel();
        Multiaddress remote = Multiaddress.ofTcp((InetSocketAddress) channel.remoteAddress());
        Connection[] connection = new Connection[1];
        YamuxSession session = new YamuxSession(dialer, stream -> connection[0].acceptor(registry).accept(stream),
                maxStreams, keepAliveInterval);
        connection[0] = new Connection(channel, peerId, dialer, remote, session);
        ctx.pipeline().addAfter(ctx.name(), "yamux-frames", new YamuxFrameDecoder(YamuxSession.INITIAL_WINDOW));
        ctx.pipeline().addAfter("yamux-frames", "yamux", session);
        ctx.pipeline().remove("upgrade-errors");
        if (!upgraded.complete(connection[0])) {
            channel.close();
        }
    }

    /** Until Yamux takes over: logs why an upgrade failed, fails it and closes the channel. */
    private static final class UpgradeErrors extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<Connection> upgraded;

        UpgradeErrors(CompletableFuture<Connection> upgraded) {
            this.upgraded = upgraded;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            if (reason instanceof ProtocolException) {
                LOG.warn("Protocol error upgrading the connection with {}: {}", ctx.channel().remoteAddress(),
                        reason.getMessage());
            } else if (reason instanceof IOException) {
                LOG.debug("Connection with {} failed during the upgrade: {}", ctx.channel().remoteAddress(),
                        reason.toString());
            } else {
                LOG.warn("Failure upgrading the connection with {}", ctx.channel().remoteAddress(), reason);
            }
            upgraded.completeExceptionally(reason);
            ctx.close();
        }
    }
}
