package org.aegis.transport.libp2p.yamux;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCounted;

/**
 * One Yamux frame: the 12-byte header (version 0, type, flags, stream id, length) and, for data frames, the
 * {@code length} bytes after it ({@code data}, which the receiver releases). For window updates {@code length} is the
 * window delta, for pings the opaque value, for go away the error code.
 */
public record YamuxFrame(int type, int flags, int streamId, long length, ByteBuf data) {
    public static final int HEADER_LENGTH = 12;
    public static final int VERSION = 0;

    public static final int TYPE_DATA = 0;
    public static final int TYPE_WINDOW_UPDATE = 1;
    public static final int TYPE_PING = 2;
    public static final int TYPE_GO_AWAY = 3;

    public static final int FLAG_SYN = 0x1;
    public static final int FLAG_ACK = 0x2;
    public static final int FLAG_FIN = 0x4;
    public static final int FLAG_RST = 0x8;

    public static final int GO_AWAY_NORMAL = 0;
    public static final int GO_AWAY_PROTOCOL_ERROR = 1;
    public static final int GO_AWAY_INTERNAL_ERROR = 2;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Releases {@code data}, if any. */
    public void release() {
        if (data != null) {
            ((ReferenceCounted) data).release();
        }
    }

    /** The header of a frame; for a data frame its payload is written after it. */
    public static ByteBuf header(ByteBufAllocator allocator, int type, int flags, int streamId, long length) {
        return writeHeader(allocator.buffer(HEADER_LENGTH), type, flags, streamId, length);
    }

    static ByteBuf writeHeader(ByteBuf out, int type, int flags, int streamId, long length) {
        return out.writeByte(VERSION).writeByte(type).writeShort(flags).writeInt(streamId).writeInt((int) length);
    }

    /** A header-only frame in its own unpooled buffer, for tests and fuzzing. */
    public static ByteBuf encode(int type, int flags, int streamId, long length) {
        return writeHeader(Unpooled.buffer(HEADER_LENGTH), type, flags, streamId, length);
    }
}
