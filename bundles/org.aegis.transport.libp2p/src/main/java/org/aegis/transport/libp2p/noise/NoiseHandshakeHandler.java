package org.aegis.transport.libp2p.noise;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.function.BiConsumer;
import org.aegis.transport.libp2p.ProtocolException;

/**
 * Runs the XX handshake over {@link NoiseFrameDecoder} frames. When it completes and the remote is the expected
 * peer, it replaces itself with a {@link NoiseTransportCodec} and reports the remote's peer id to
 * {@code onSecured}, which installs what comes next.
 */
public final class NoiseHandshakeHandler extends ChannelInboundHandlerAdapter {
    private final NoiseIdentity identity;
    private final HandshakeState handshake;
    private final String expectedPeerId;
    private final BiConsumer<ChannelHandlerContext, String> onSecured;
    private String remotePeerId;

    /** @param expectedPeerId the peer id dialled, or {@code null} to accept any authenticated peer */
    public NoiseHandshakeHandler(NoiseIdentity identity, boolean initiator, String expectedPeerId,
            BiConsumer<ChannelHandlerContext, String> onSecured) {
        this.identity = identity;
        this.handshake = identity.newHandshake(initiator);
        this.expectedPeerId = expectedPeerId;
        this.onSecured = onSecured;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (handshake.isMyTurn()) {
            send(ctx, handshake.writeMessage(new byte[0]));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        byte[] message;
        try {
            message = ByteBufUtil.getBytes((ByteBuf) msg);
        } finally {
            ReferenceCountUtil.release(msg);
        }
        if (handshake.isComplete() || handshake.isMyTurn()) {
            throw new ProtocolException("unexpected Noise handshake message");
        }
        byte[] payload = handshake.readMessage(message);
        if (handshake.remoteStaticKey() != null && remotePeerId == null) {
            remotePeerId = identity.verify(payload, handshake.remoteStaticKey());
            if (expectedPeerId != null && !expectedPeerId.equals(remotePeerId)) {
                throw new ProtocolException("dialled " + expectedPeerId + " but the peer is " + remotePeerId);
            }
        }
        if (!handshake.isComplete()) {
            send(ctx, handshake.writeMessage(identity.payload()));
        }
        if (handshake.isComplete()) {
            CipherState[] ciphers = handshake.split();
            ctx.pipeline().replace(this, "noise", new NoiseTransportCodec(ciphers[0], ciphers[1]));
            onSecured.accept(ctx.pipeline().context("noise"), remotePeerId);
        }
    }

    private static void send(ChannelHandlerContext ctx, byte[] message) {
        ByteBuf out = ctx.alloc().buffer(2 + message.length);
        out.writeShort(message.length).writeBytes(message);
        ctx.writeAndFlush(out);
    }
}
