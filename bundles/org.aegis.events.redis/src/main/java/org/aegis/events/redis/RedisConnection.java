package org.aegis.events.redis;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.redis.ArrayRedisMessage;
import io.netty.handler.codec.redis.FullBulkStringRedisMessage;
import io.netty.handler.codec.redis.RedisArrayAggregator;
import io.netty.handler.codec.redis.RedisBulkStringAggregator;
import io.netty.handler.codec.redis.RedisDecoder;
import io.netty.handler.codec.redis.RedisEncoder;
import io.netty.handler.codec.redis.RedisMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * One TCP connection to a Redis server, speaking RESP through Netty's Redis codec. Commands are pipelined: {@link #send}
 * writes a whole list in one flush and returns a future per command, completed in order by the {@link ReplyHandler}.
 * Callers wait on those futures from their own thread; nothing here blocks the event loop.
 */
final class RedisConnection implements AutoCloseable {
    private final Channel channel;
    private final ReplyHandler replies;

    private RedisConnection(Channel channel, ReplyHandler replies) {
        this.channel = channel;
        this.replies = replies;
    }

    /**
     * Connects, waiting on the calling thread (never an event loop) for at most {@code timeout}.
     *
     * @param address a resolved address: name resolution happens on the caller's thread, not the event loop
     * @throws IOException          when the connection is refused or not made in time
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    static RedisConnection open(EventLoopGroup group, InetSocketAddress address, Duration timeout)
            throws IOException, InterruptedException {
        ReplyHandler replies = new ReplyHandler();
        ChannelFuture connect;
        try {
            connect = new Bootstrap().group(group).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline().addLast(new RedisDecoder(), new RedisBulkStringAggregator(),
                                    new RedisArrayAggregator(), new RedisEncoder(), replies);
                        }
                    })
                    .connect(address);
        } catch (RejectedExecutionException stopped) {
            throw new IOException("the sink is stopped", stopped);
        }
        try {
            if (!connect.await(timeout.toMillis())) {
                throw new IOException("cannot connect to " + address + " within " + timeout.toMillis() + " ms");
            }
        } finally {
            if (!connect.isSuccess()) {
                connect.cancel(false);
                connect.channel().close();
            }
        }
        if (connect.cause() != null) {
            throw new IOException("cannot connect to " + address + ": " + connect.cause().getMessage(),
                    connect.cause());
        }
        return new RedisConnection(connect.channel(), replies);
    }

    /**
     * Writes the commands in one flush, in order.
     *
     * @param commands each a command and its arguments, e.g. {@code ["SELECT", "2"]}
     * @return a future per command, in the same order, completed by its reply (see {@link ReplyHandler}); failed when
     *         the connection closes first
     */
    List<CompletableFuture<Object>> send(List<List<String>> commands) {
        List<CompletableFuture<Object>> replyFutures = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            replyFutures.add(new CompletableFuture<>());
        }
        try {
            // on the event loop, so that the handler's queue and the writes stay in the same order
            channel.eventLoop().execute(() -> {
                for (int i = 0; i < commands.size(); i++) {
                    replies.expect(replyFutures.get(i));
                    // a write that fails closes the channel, which fails every pending reply
                    channel.write(encode(commands.get(i))).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
                }
                channel.flush();
            });
        } catch (RejectedExecutionException stopped) {
            IOException cause = new IOException("the sink is stopped", stopped);
            replyFutures.forEach(reply -> reply.completeExceptionally(cause));
        }
        return replyFutures;
    }

    boolean isOpen() {
        return channel.isActive();
    }

    /** Closes the connection without waiting; pending replies fail. */
    @Override
    public void close() {
        channel.close();
    }

    private static RedisMessage encode(List<String> command) {
        List<RedisMessage> parts = new ArrayList<>(command.size());
        for (String part : command) {
            parts.add(new FullBulkStringRedisMessage(Unpooled.copiedBuffer(part, StandardCharsets.UTF_8)));
        }
        return new ArrayRedisMessage(parts);
    }
}
