package org.aegis.transport.libp2p.connection;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the bytes of every connection as they leave and reach the socket, first in each pipeline, so that they are
 * the encrypted bytes on the wire. One instance for all channels; on the event loop it only adds to counters.
 */
@Sharable
public final class WireBytes extends ChannelDuplexHandler {
    private final LongAdder read = new LongAdder();
    private final LongAdder written = new LongAdder();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            read.add(buf.readableBytes());
        }
        ctx.fireChannelRead(msg);
    }

    /** Counted when handed to the socket's queue, not when the kernel took it: no listener per write. */
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            written.add(buf.readableBytes());
        }
        ctx.write(msg, promise);
    }

    public long read() {
        return read.sum();
    }

    public long written() {
        return written.sum();
    }
}
