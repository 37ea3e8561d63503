package org.aegis.transport.libp2p.multiformats;

import io.netty.buffer.ByteBuf;
import org.aegis.transport.libp2p.ProtocolException;

/**
 * Unsigned varints as the multiformats spec defines them: 7 bits a byte, least significant group first, at most 9
 * bytes (63 bits), and minimally encoded.
 */
public final class UVarint {
    /** The most bytes a varint may take. */
    public static final int MAX_BYTES = 9;
    /** {@link #tryRead} returns this when the buffer ends before the varint does. */
    public static final long INCOMPLETE = -1;

    private UVarint() {
    }

    /** Bytes needed to encode {@code value}. */
    public static int size(long value) {
        requireUnsigned(value);
        int size = 1;
        while ((value >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    public static void write(ByteBuf out, long value) {
        requireUnsigned(value);
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    /** Writes {@code value} at {@code offset} of {@code out}; returns the offset after it. */
    public static int write(byte[] out, int offset, long value) {
        requireUnsigned(value);
        while ((value & ~0x7FL) != 0) {
            out[offset++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[offset++] = (byte) value;
        return offset;
    }

    /**
     * Reads a varint at the reader index. Returns {@link #INCOMPLETE} and leaves the index where it was when the
     * buffer ends first; otherwise advances past it.
     *
     * @throws ProtocolException when the varint is longer than 9 bytes or not minimal
     */
    public static long tryRead(ByteBuf in) {
        int start = in.readerIndex();
        int available = in.readableBytes();
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (i == available) {
                return INCOMPLETE;
            }
            int b = in.getUnsignedByte(start + i);
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new ProtocolException("varint is not minimally encoded");
                }
                in.readerIndex(start + i + 1);
                return value;
            }
        }
        throw new ProtocolException("varint is longer than " + MAX_BYTES + " bytes");
    }

    /** Decodes the varint at {@code offset}; {@code into[0]} receives the offset after it. */
    public static long read(byte[] in, int offset, int[] into) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (offset + i >= in.length) {
                throw new ProtocolException("varint runs past the end of the input");
            }
            int b = in[offset + i] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new ProtocolException("varint is not minimally encoded");
                }
                into[0] = offset + i + 1;
                return value;
            }
        }
        throw new ProtocolException("varint is longer than " + MAX_BYTES + " bytes");
    }

    private static void requireUnsigned(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("varints are unsigned: " + value);
        }
    }
}
