package org.aegis.events.redis;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.ErrorRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.IntegerRedisMessage;
import io.netty.handler.codec.redis.RedisMessage;
import io.netty.handler.codec.redis.SimpleStringRedisMessage;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * Matches replies to commands: Redis answers pipelined commands in order, so each reply completes the oldest pending
 * future. Used on the channel's event loop only, hence the plain queue. A reply becomes a plain Java value (a
 * {@code String}, a {@code Long}, a {@code List} of these, or {@code null}) and its buffers are released at once; an
 * error reply fails its future with a {@link RedisErrorReply}. When the channel closes, every pending future fails.
 */
final class ReplyHandler extends ChannelInboundHandlerAdapter {
    private final Queue<CompletableFuture<Object>> pending = new ArrayDeque<>();
    private IOException closed;

    /** Adds the future of a command about to be written; fails it at once if the channel has already closed. */
    void expect(CompletableFuture<Object> reply) {
        if (closed != null) {
            reply.completeExceptionally(closed);
        } else {
            pending.add(reply);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        try {
            CompletableFuture<Object> reply = pending.poll();
            if (reply == null) {
                context.close();
                failAll(new IOException("Redis sent a reply to no command"));
            } else if (message instanceof ErrorRedisMessage error) {
                reply.completeExceptionally(new RedisErrorReply(error.content()));
            } else {
                completeWith(reply, (RedisMessage) message);
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        failAll(new IOException("the connection to Redis failed: " + cause.getMessage(), cause));
        context.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        failAll(new IOException("Redis closed the connection"));
        context.fireChannelInactive();
    }

    private void failAll(IOException cause) {
        if (closed == null) {
            closed = cause;
        }
        for (CompletableFuture<Object> reply; (reply = pending.poll()) != null; ) {
            reply.completeExceptionally(closed);
        }
    }

    private static void completeWith(CompletableFuture<Object> reply, RedisMessage message) {
        try {
            reply.complete(valueOf(message));
        } catch (IllegalArgumentException unexpected) {
            reply.completeExceptionally(new IOException(unexpected.getMessage()));
        }
    }

    private static Object valueOf(RedisMessage message) {
        if (message instanceof SimpleStringRedisMessage simple) {
            return simple.content();
        }
        if (message instanceof IntegerRedisMessage integer) {
            return integer.value();
        }
        if (message instanceof FullBulkStringRedisMessage bulk) {
            return bulk.isNull() ? null : bulk.content().toString(StandardCharsets.UTF_8);
        }
        if (message instanceof ArrayRedisMessage array) {
            if (array.isNull()) {
                return null;
            }
            List<Object> values = new ArrayList<>(array.children().size());
            for (RedisMessage child : array.children()) {
                values.add(valueOf(child));
            }
            return values;
        }
        throw new IllegalArgumentException("unexpected Redis reply " + message.getClass().getSimpleName());
    }
}
