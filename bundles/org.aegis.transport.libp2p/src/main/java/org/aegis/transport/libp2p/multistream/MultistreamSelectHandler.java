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
 *
 * <p>A dialer that proposes a single protocol may select it optimistically (multistream-select's "lazy" mode, as
 * go-, rust- and js-libp2p do): the protocol's handlers are installed as soon as the proposal is written, so their
 * first message travels right behind it instead of a round trip later. This handler then stays in front of them only
 * to check and strip the listener's answer; a refusal fails the connection.
 */
public final class MultistreamSelectHandler extends ByteToMessageDecoder {
    private final Negotiation negotiation;
    private final boolean optimistic;
    private final BiConsumer<ChannelHandlerContext, String> onSelected;
    private boolean started;

    public MultistreamSelectHandler(Negotiation negotiation, BiConsumer<ChannelHandlerContext, String> onSelected) {
        this(negotiation, false, onSelected);
    }

    /**
     * @param optimistic select the dialer's only proposal without waiting for the listener's answer
     * @throws IllegalArgumentException when {@code optimistic} but the negotiation is not a dialer's with one proposal
     */
    public MultistreamSelectHandler(Negotiation negotiation, boolean optimistic,
            BiConsumer<ChannelHandlerContext, String> onSelected) {
        if (optimistic && !negotiation.hasSingleProposal()) {
            throw new IllegalArgumentException("only a dialer with one proposal can select it optimistically");
        }
        this.negotiation = negotiation;
        this.optimistic = optimistic;
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
            if (optimistic) {
                onSelected.accept(ctx, negotiation.proposed());
            }
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
            if (!optimistic) {
                onSelected.accept(ctx, selected);
            }
            ctx.pipeline().remove(this);
        }
    }
}
