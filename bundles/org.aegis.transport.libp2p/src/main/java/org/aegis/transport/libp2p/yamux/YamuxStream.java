package org.aegis.transport.libp2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * One Yamux stream with its flow control. Writes wait for the remote's window and are complete when their last
 * frame has been written to the connection; the receive window is only re-opened as the reader reports bytes
 * consumed. State is confined to the connection's event loop: public methods may be called from any thread.
 */
public final class YamuxStream {
    private final YamuxSession session;
    private final int id;
    private final ArrayDeque<PendingWrite> pending = new ArrayDeque<>();
    private StreamInput input;
    private long sendWindow = YamuxSession.INITIAL_WINDOW;
    private long receiveWindow = YamuxSession.INITIAL_WINDOW;
    private int unacknowledgedConsumed;
    /** Flags still owed on the next frame: SYN for a stream we open, ACK for one we accept. */
    private int openingFlags;
    private boolean acknowledged;
    private CompletableFuture<Void> closeWrite;
    private boolean localClosed;
    private boolean remoteClosed;
    private boolean gone;

    private record PendingWrite(ByteBuf data, CompletableFuture<Void> done) {
    }

    YamuxStream(YamuxSession session, int id, int openingFlags) {
        this.session = session;
        this.id = id;
        this.openingFlags = openingFlags;
        this.acknowledged = openingFlags == YamuxFrame.FLAG_ACK;
    }

    public int id() {
        return id;
    }

    public EventExecutor executor() {
        return session.executor();
    }

    void input(StreamInput input) {
        this.input = input;
    }

    /** Replaces who receives this stream's data, e.g. the application once the protocol is negotiated. */
    public void setInput(StreamInput input) {
        assert executor().inEventLoop();
        this.input = input;
    }

    /** Queues {@code data} (taking ownership); completes once it has all been written to the connection. */
    public CompletableFuture<Void> write(ByteBuf data) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        runOnLoop(() -> {
            if (gone || closeWrite != null) {
                data.release();
                done.completeExceptionally(new StreamResetException(gone ? "stream " + id + " is reset"
                        : "stream " + id + " is closed for writing"));
                return;
            }
            pending.add(new PendingWrite(data, done));
            flushPending();
        });
        return done;
    }

    /** Closes this side (FIN) after the queued writes; the remote may still send. */
    public CompletableFuture<Void> closeWrite() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        runOnLoop(() -> {
            if (gone) {
                done.completeExceptionally(new StreamResetException("stream " + id + " is reset"));
            } else if (closeWrite != null) {
                closeWrite.whenComplete((v, e) -> done.complete(null));
            } else {
                closeWrite = done;
                flushPending();
            }
        });
        return done;
    }

    /** Abandons the stream in both directions (RST). */
    public void reset() {
        runOnLoop(() -> {
            if (!gone) {
                session.writeAndFlush(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST | takeOpeningFlags(), id, 0);
                terminate(new StreamResetException("stream " + id + " was reset locally"));
            }
        });
    }

    /** The reader consumed {@code bytes}; re-opens the remote's window once half of it has been consumed. */
    public void consumed(int bytes) {
        assert executor().inEventLoop();
        unacknowledgedConsumed += bytes;
        if (!gone && !remoteClosed && unacknowledgedConsumed >= YamuxSession.INITIAL_WINDOW / 2) {
            receiveWindow += unacknowledgedConsumed;
            session.writeAndFlush(YamuxFrame.TYPE_WINDOW_UPDATE, takeOpeningFlags(), id, unacknowledgedConsumed);
            unacknowledgedConsumed = 0;
        }
    }

    /** Sends the opening frame (SYN or ACK) right away, so the remote learns of the stream before any data. */
    void sendOpening() {
        session.writeAndFlush(YamuxFrame.TYPE_WINDOW_UPDATE, takeOpeningFlags(), id, 0);
    }

    boolean acknowledged() {
        return acknowledged;
    }

    /** Handles a data or window update frame for this stream; returns whether the stream is now finished. */
    void receive(YamuxFrame frame) {
        if (frame.has(YamuxFrame.FLAG_ACK) && !acknowledged) {
            acknowledged = true;
            session.streamAcknowledged();
        }
        if (frame.type() == YamuxFrame.TYPE_WINDOW_UPDATE) {
            sendWindow += frame.length();
            if (sendWindow > YamuxSession.MAX_WINDOW) {
                throw new org.aegis.transport.libp2p.ProtocolException("Yamux stream " + id + " window grew past 2^32-1");
            }
        } else if (frame.length() > 0) {
            if (frame.length() > receiveWindow) {
                frame.release();
                throw new org.aegis.transport.libp2p.ProtocolException("Yamux stream " + id + " got "
                        + frame.length() + " bytes with a window of " + receiveWindow);
            }
            if (remoteClosed) {
                frame.release();
                session.writeAndFlush(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_RST, id, 0);
                terminate(new StreamResetException("stream " + id + ": peer sent data after closing it"));
                return;
            }
            receiveWindow -= frame.length();
            input.onData(frame.data());
        } else {
            frame.release();
        }
        if (frame.has(YamuxFrame.FLAG_RST)) {
            terminate(new StreamResetException("stream " + id + " was reset by the peer"));
            return;
        }
        if (frame.has(YamuxFrame.FLAG_FIN) && !remoteClosed) {
            remoteClosed = true;
            input.onEnd();
            removeWhenClosed();
        }
        flushPending();
    }

    /** Writes what the remote's window and the connection's writability allow. */
    void flushPending() {
        if (gone) {
            return;
        }
        boolean wrote = false;
        while (!pending.isEmpty()) {
            if (!session.isWritable()) {
                // what is written but unflushed counts against writability: flush it before waiting
                if (wrote) {
                    session.flush();
                    wrote = false;
                }
                if (!session.isWritable()) {
                    session.waitForWritability(this);
                    break;
                }
            }
            PendingWrite write = pending.peek();
            if (!write.data().isReadable()) {
                pending.poll();
                write.data().release();
                write.done().complete(null);
                continue;
            }
            if (sendWindow == 0) {
                break;
            }
            int chunk = (int) Math.min(Math.min(write.data().readableBytes(), sendWindow), YamuxSession.MAX_FRAME_PAYLOAD);
            sendWindow -= chunk;
            ChannelFuture written = session.writeData(id, takeOpeningFlags(), write.data(), chunk);
            wrote = true;
            if (!write.data().isReadable()) {
                pending.poll();
                write.data().release();
                written.addListener(f -> {
                    if (f.isSuccess()) {
                        write.done().complete(null);
                    } else {
                        write.done().completeExceptionally(f.cause());
                    }
                });
            }
        }
        if (pending.isEmpty() && closeWrite != null && !localClosed) {
            localClosed = true;
            CompletableFuture<Void> done = closeWrite;
            session.write(YamuxFrame.TYPE_WINDOW_UPDATE, YamuxFrame.FLAG_FIN | takeOpeningFlags(), id, 0)
                    .addListener(f -> done.complete(null));
            wrote = true;
            removeWhenClosed();
        }
        if (wrote) {
            session.flush();
        }
    }

    /** Ends the stream without a frame: reset by the peer, reset here, or the connection closed. */
    void terminate(Exception cause) {
        if (gone) {
            return;
        }
        gone = true;
        session.remove(this);
        for (PendingWrite write; (write = pending.poll()) != null; ) {
            write.data().release();
            write.done().completeExceptionally(cause);
        }
        if (closeWrite != null) {
            closeWrite.complete(null);
        }
        if (input != null) {
            input.onReset(cause);
        }
    }

    private void removeWhenClosed() {
        if (localClosed && remoteClosed && !gone) {
            gone = true;
            session.remove(this);
        }
    }

    private int takeOpeningFlags() {
        int flags = openingFlags;
        openingFlags = 0;
        return flags;
    }

    private void runOnLoop(Runnable task) {
        if (executor().inEventLoop()) {
            task.run();
        } else {
            executor().execute(task);
        }
    }
}
