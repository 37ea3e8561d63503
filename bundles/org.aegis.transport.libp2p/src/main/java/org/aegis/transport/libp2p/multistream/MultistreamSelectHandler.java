package org.aegis.transport.libp2p.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Negotiates the next protocol of a connection (security, then muxer) with multistream-select. When agreed it calls
 * {@code onSelected}, which installs that protocol's handlers after this one, and removes itself; bytes the peer
 * already sent for the new protocol then flow on to them.
 */
public final class MultistreamSelectHandler extends ByteToMessageDecoder {
    private final Negotiation negotiation;
    private final BiConsumer<ChannelHandlerContext, String> onSelected;
    private boolean started;

    public MultistreamSelectHandler(Negotiation negotiation, BiConsumer<ChannelHandlerContext, String> onSelected) {
        this.negotiation = negotiation;
        this.onSelected = onSelected;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    /** An accepted channel is active when the handler is added and still gets channelActive: start only once. */
    private void start(ChannelHandlerContext ctx) {
        if (!started) {
            started = true;
            ctx.writeAndFlush(negotiation.start(ctx.alloc()));
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        ByteBuf reply = ctx.alloc().buffer(64);
        try {
            negotiation.receive(in, reply);
        } finally {
            if (reply.isReadable()) {
                ctx.writeAndFlush(reply);
            } else {
                reply.release();
            }
        }
        String selected = negotiation.selected();
        if (selected != null) {
            onSelected.accept(ctx, selected);
            ctx.pipeline().remove(this);
        }
    }
}
