package org.aegis.transport.libp2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.aegis.transport.libp2p.ProtocolException;

/**
 * Decodes Yamux frames. A data frame is emitted once its payload has arrived, as a slice of the received bytes (no
 * copy). Rejects unknown versions and types, session frames on stream ids and stream frames on id 0, and data frames
 * longer than {@code maxDataLength} (no stream window can ever admit them).
 */
public final class YamuxFrameDecoder extends ByteToMessageDecoder {
    private final int maxDataLength;

    public YamuxFrameDecoder(int maxDataLength) {
        this.maxDataLength = maxDataLength;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        YamuxFrame frame = tryDecode(in, maxDataLength);
        while (frame != null) {
            out.add(frame);
            frame = tryDecode(in, maxDataLength);
        }
    }

    /**
     * Decodes the frame at the reader index, or returns {@code null} (index unchanged) while it is incomplete.
     *
     * @throws ProtocolException when the header breaks the spec
     */
    public static YamuxFrame tryDecode(ByteBuf in, int maxDataLength) {
        if (in.readableBytes() < YamuxFrame.HEADER_LENGTH) {
            return null;
        }
        int start = in.readerIndex();
        int version = in.getUnsignedByte(start);
        int type = in.getUnsignedByte(start + 1);
        int flags = in.getUnsignedShort(start + 2);
        int streamId = in.getInt(start + 4);
        long length = in.getUnsignedInt(start + 8);
        if (version != YamuxFrame.VERSION) {
            throw new ProtocolException("unsupported Yamux version " + version);
        }
        if (type > YamuxFrame.TYPE_GO_AWAY) {
            throw new ProtocolException("unknown Yamux frame type " + type);
        }
        boolean sessionFrame = type == YamuxFrame.TYPE_PING || type == YamuxFrame.TYPE_GO_AWAY;
        if (sessionFrame != (streamId == 0)) {
            throw new ProtocolException(sessionFrame ? "Yamux ping/go away on stream " + Integer.toUnsignedString(streamId)
                    : "Yamux data/window update on stream 0");
        }
        if (type != YamuxFrame.TYPE_DATA) {
            in.skipBytes(YamuxFrame.HEADER_LENGTH);
            return new YamuxFrame(type, flags, streamId, length, null);
        }
        if (length > maxDataLength) {
            throw new ProtocolException("Yamux data frame of " + length + " bytes exceeds the largest window "
                    + maxDataLength);
        }
        if (in.readableBytes() < YamuxFrame.HEADER_LENGTH + length) {
            return null;
        }
        in.skipBytes(YamuxFrame.HEADER_LENGTH);
        return new YamuxFrame(type, flags, streamId, length, in.readRetainedSlice((int) length));
    }
}
