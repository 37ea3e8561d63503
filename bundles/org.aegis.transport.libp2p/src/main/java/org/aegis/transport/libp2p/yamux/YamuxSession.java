package org.aegis.transport.libp2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.aegis.transport.libp2p.ProtocolException;
import org.aegis.transport.libp2p.noise.NoiseTransportCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Yamux 1.0 session on one connection, after {@link YamuxFrameDecoder}: opens and accepts streams (client odd ids,
 * server even), routes frames to them, answers pings and sends keepalive pings, and ends the session with Go Away.
 * A protocol violation by the peer closes the connection with Go Away (protocol error). All state is confined to the
 * channel's event loop.
 */
public final class YamuxSession extends ChannelInboundHandlerAdapter {
    public static final String PROTOCOL_ID = "/yamux/1.0.0";
    public static final int INITIAL_WINDOW = 256 * 1024;
    static final long MAX_WINDOW = 0xFFFF_FFFFL;
    /** Largest data frame payload written: header and payload fit one Noise transport message. */
    static final int MAX_FRAME_PAYLOAD = NoiseTransportCodec.MAX_PLAINTEXT - YamuxFrame.HEADER_LENGTH;
    /** Streams this side may have opened that the remote has not acknowledged yet (the spec's ACK backlog). */
    static final int MAX_ACK_BACKLOG = 256;

    private static final Logger LOG = LoggerFactory.getLogger(YamuxSession.class);

    /** Who gets the streams the remote opens. */
    public interface Acceptor {
        /** Returns who receives the new stream's data; called on the event loop before any of it arrives. */
        StreamInput accept(YamuxStream stream);
    }

    private final boolean client;
    private final Acceptor acceptor;
    private final int maxStreams;
    private final Duration keepAliveInterval;
    private final Map<Integer, YamuxStream> streams = new HashMap<>();
    private final Set<YamuxStream> waitingForWritability = new LinkedHashSet<>();
    private ChannelHandlerContext ctx;
    private int nextStreamId;
    private int ackBacklog;
    private boolean goAwayReceived;
    private boolean goAwaySent;
    private ScheduledFuture<?> keepAlive;
    private long outstandingPing = -1;

    /**
     * @param client            whether this side dialled the connection (and so opens odd stream ids)
     * @param maxStreams        most streams open at once; the remote's extra ones are reset
     * @param keepAliveInterval how often a keepalive ping goes out; a ping unanswered by the next one closes the
     *                          connection
     */
    public YamuxSession(boolean client, Acceptor acceptor, int maxStreams, Duration keepAliveInterval) {
        this.client = client;
        this.acceptor = acceptor;
        this.maxStreams = maxStreams;
        this.keepAliveInterval = keepAliveInterval;
        this.nextStreamId = client ? 1 : 2;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long interval = keepAliveInterval.toMillis();
        keepAlive = ctx.executor().scheduleAtFixedRate(this::keepAlive, interval, interval, TimeUnit.MILLISECONDS);
    }

    EventExecutor executor() {
        return ctx.executor();
    }

    /**
     * Opens a stream whose data goes to the input {@code inputFactory} makes for it; the SYN goes out at once.
     *
     * @return that input, or a failure when the session is going away or too many streams are unacknowledged
     */
    public <T extends StreamInput> CompletableFuture<T> open(Function<YamuxStream, T> inputFactory) {
        CompletableFuture<T> opened = new CompletableFuture<>();
        Runnable open = () -> {
            if (goAwayReceived || goAwaySent || !ctx.channel().isActive()) {
                opened.completeExceptionally(new StreamResetException("connection is closing"));
            } else if (ackBacklog >= MAX_ACK_BACKLOG || streams.size() >= maxStreams) {
                opened.completeExceptionally(new StreamResetException("too many streams open on this connection"));
            } else if (nextStreamId < 0) {
                opened.completeExceptionally(new StreamResetException("stream ids of this connection are used up"));
            } else {
                YamuxStream stream = new YamuxStream(this, nextStreamId, YamuxFrame.FLAG_SYN);
                nextStreamId += 2;
                T input = inputFactory.apply(stream);
                stream.input(input);
                streams.put(stream.id(), stream);
                ackBacklog++;
                stream.sendOpening();
                opened.complete(input);
            }
        };
        if (ctx.executor().inEventLoop()) {
            open.run();
        } else {
            ctx.executor().execute(open);
        }
        return opened;
    }

    /** Ends the session: Go Away (normal), then the connection closes. */
    public void close() {
        ctx.executor().execute(() -> goAway(YamuxFrame.GO_AWAY_NORMAL));
    }

    public int streamCount() {
        return streams.size();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        YamuxFrame frame = (YamuxFrame) msg;
        switch (frame.type()) {
            case YamuxFrame.TYPE_PING -> receivePing(frame);
            case YamuxFrame.TYPE_GO_AWAY -> receiveGoAway(frame);
            default -> receiveStreamFrame(frame);
        }
    }

    private void receiveStreamFrame(YamuxFrame frame) {
        YamuxStream stream = streams.get(frame.streamId());
        if (frame.has(YamuxFrame.FLAG_SYN)) {
            if (stream != null) {
                frame.release();
                throw new ProtocolException("Yamux SYN for stream " + frame.streamId() + ", which is already open");
            }
            if ((frame.streamId() & 1) == (client ? 1 : 0)) {
                frame.release();
                throw new ProtocolException("Yamux SYN for stream " + Integer.toUnsignedString(frame.streamId())
                        + ", an id of this side's parity");
            }
            stream = accept(frame);
            if (stream == null) {
                return;
            }
        } else if (stream == null) {
            // a late frame for a stream that was reset or closed here already
            frame.release();
            return;
        }
        stream.receive(frame);
    }

    private YamuxStream accept(YamuxFrame frame) {
        if (goAwaySent || streams.size() >= maxStreams) {
            frame.release();
            writeAndFlush(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, frame.streamId(), 0);
            LOG.debug("Reset inbound stream {}: {}", frame.streamId(), goAwaySent ? "closing" : "too many streams");
            return null;
        }
        YamuxStream stream = new YamuxStream(this, frame.streamId(), YamuxFrame.FLAG_ACK);
        streams.put(stream.id(), stream);
        stream.input(acceptor.accept(stream));
        if (stream.acknowledged() && streams.containsKey(stream.id())) {
            stream.sendOpening();
        }
        return stream;
    }

    private void receivePing(YamuxFrame frame) {
        if (frame.has(YamuxFrame.FLAG_SYN)) {
            writeAndFlush(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_ACK, 0, frame.length());
        } else if (frame.has(YamuxFrame.FLAG_ACK) && frame.length() == outstandingPing) {
            outstandingPing = -1;
        }
    }

    private void receiveGoAway(YamuxFrame frame) {
        goAwayReceived = true;
        if (frame.length() == YamuxFrame.GO_AWAY_NORMAL) {
            LOG.debug("Peer {} ends the Yamux session", ctx.channel().remoteAddress());
        } else {
            LOG.warn("Peer {} ends the Yamux session with error code {}", ctx.channel().remoteAddress(), frame.length());
        }
    }

    private void keepAlive() {
        if (outstandingPing >= 0) {
            LOG.warn("Closing connection to {}: no answer to the keepalive ping within {}", ctx.channel().remoteAddress(),
                    keepAliveInterval);
            ctx.close();
            return;
        }
        outstandingPing = ThreadLocalRandom.current().nextLong(0, MAX_WINDOW + 1);
        writeAndFlush(YamuxFrame.TYPE_PING, YamuxFrame.FLAG_SYN, 0, outstandingPing);
    }

    private void goAway(int code) {
        if (!goAwaySent && ctx.channel().isActive()) {
            goAwaySent = true;
            write(YamuxFrame.TYPE_GO_AWAY, 0, 0, code).addListener(ChannelFutureListener.CLOSE);
            ctx.flush();
        } else {
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (reason instanceof ProtocolException) {
            LOG.warn("Yamux protocol error from {}: {}; closing the connection", ctx.channel().remoteAddress(),
                    reason.getMessage());
            goAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR);
        } else {
            LOG.warn("Internal error on the Yamux session with {}; closing the connection",
                    ctx.channel().remoteAddress(), reason);
            goAway(YamuxFrame.GO_AWAY_INTERNAL_ERROR);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            List<YamuxStream> waiting = new ArrayList<>(waitingForWritability);
            waitingForWritability.clear();
            for (YamuxStream stream : waiting) {
                stream.flushPending();
            }
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        for (YamuxStream stream : new ArrayList<>(streams.values())) {
            stream.terminate(new StreamResetException("connection closed"));
        }
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
    }

    // ---- used by the streams, on the event loop

    boolean isWritable() {
        return ctx.channel().isWritable();
    }

    void waitForWritability(YamuxStream stream) {
        waitingForWritability.add(stream);
    }

    void streamAcknowledged() {
        ackBacklog--;
    }

    void remove(YamuxStream stream) {
        if (streams.remove(stream.id()) != null && !stream.acknowledged() && (stream.id() & 1) == (client ? 1 : 0)) {
            ackBacklog--;
        }
        waitingForWritability.remove(stream);
    }

    ChannelFuture write(int type, int flags, int streamId, long length) {
        return ctx.write(YamuxFrame.header(ctx.alloc(), type, flags, streamId, length));
    }

    void writeAndFlush(int type, int flags, int streamId, long length) {
        write(type, flags, streamId, length);
        ctx.flush();
    }

    /** Writes a data frame of the next {@code length} bytes of {@code data} as one buffer (one Noise message). */
    ChannelFuture writeData(int streamId, int flags, ByteBuf data, int length) {
        ByteBuf frame = ctx.alloc().heapBuffer(YamuxFrame.HEADER_LENGTH + length);
        YamuxFrame.writeHeader(frame, YamuxFrame.TYPE_DATA, flags, streamId, length);
        frame.writeBytes(data, length);
        return ctx.write(frame);
    }

    void flush() {
        ctx.flush();
    }
}
