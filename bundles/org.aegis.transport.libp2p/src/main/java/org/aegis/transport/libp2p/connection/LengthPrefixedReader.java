package org.aegis.transport.libp2p.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import org.aegis.api.transport.Stream;
import org.aegis.transport.libp2p.ProtocolException;
import org.aegis.transport.libp2p.multiformats.UVarint;

/**
 * Reads uvarint-length-prefixed messages from a stream (identify, gossipsub RPCs), one chunk of demand at a time so
 * the sender is held back while a message is handled. A message longer than the limit, or one cut off by the end
 * of the stream, resets the stream and is reported as a {@link ProtocolException}.
 */
public final class LengthPrefixedReader implements Flow.Subscriber<ByteBuffer> {
    /** What the reader reports; called on the connection's event loop. */
    public interface Handler {
        void onMessage(byte[] message);

        /** The remote closed its side after whole messages. */
        void onEnd();

        void onError(Throwable error);
    }

    private final Stream stream;
    private final int maxLength;
    private final Handler handler;
    private final ByteBuf buffered = Unpooled.buffer(0);
    private Flow.Subscription subscription;
    private boolean done;

    public LengthPrefixedReader(Stream stream, int maxLength, Handler handler) {
        this.stream = stream;
        this.maxLength = maxLength;
        this.handler = handler;
    }

    /** Starts reading {@code stream}. */
    public static void read(Stream stream, int maxLength, Handler handler) {
        stream.inbound().subscribe(new LengthPrefixedReader(stream, maxLength, handler));
    }

    /** {@code message} after its uvarint length. */
    public static ByteBuffer frame(byte[] message) {
        byte[] framed = new byte[UVarint.size(message.length) + message.length];
        int offset = UVarint.write(framed, 0, message.length);
        System.arraycopy(message, 0, framed, offset, message.length);
        return ByteBuffer.wrap(framed);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(1);
    }

    @Override
    public void onNext(ByteBuffer chunk) {
        if (done) {
            return;
        }
        buffered.discardReadBytes();
        buffered.writeBytes(chunk);
        try {
            while (!done) {
                int start = buffered.readerIndex();
                long length = UVarint.tryRead(buffered);
                if (length == UVarint.INCOMPLETE) {
                    break;
                }
                if (length > maxLength) {
                    throw new ProtocolException("message of " + length + " bytes exceeds " + maxLength + " on " + stream);
                }
                if (buffered.readableBytes() < length) {
                    buffered.readerIndex(start);
                    break;
                }
                byte[] message = new byte[(int) length];
                buffered.readBytes(message);
                handler.onMessage(message);
            }
        } catch (ProtocolException e) {
            fail(e);
            return;
        }
        if (!done) {
            subscription.request(1);
        }
    }

    @Override
    public void onError(Throwable error) {
        if (!done) {
            done = true;
            buffered.release();
            handler.onError(error);
        }
    }

    @Override
    public void onComplete() {
        if (done) {
            return;
        }
        if (buffered.isReadable()) {
            fail(new ProtocolException("stream ended inside a message on " + stream));
            return;
        }
        done = true;
        buffered.release();
        handler.onEnd();
    }

    /** Stops reading without an error, e.g. after the one message expected. */
    public void stop() {
        if (!done) {
            done = true;
            buffered.release();
            subscription.cancel();
        }
    }

    private void fail(ProtocolException error) {
        done = true;
        buffered.release();
        subscription.cancel();
        stream.reset();
        handler.onError(error);
    }
}
