package org.aegis.consensus.pbft.net;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** Splits a byte stream into frames, each a 4-byte big-endian length and that many bytes. Not thread-safe. */
final class FrameDecoder {
    private final int maxFrame;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    FrameDecoder(int maxFrame) {
        this.maxFrame = maxFrame;
    }

    /**
     * Takes the next chunk and returns the frames it completes.
     *
     * @throws IllegalStateException when a length prefix is over the limit: the stream is garbage from there on
     */
    List<byte[]> feed(ByteBuffer chunk) {
        byte[] bytes = new byte[chunk.remaining()];
        chunk.get(bytes);
        pending.write(bytes, 0, bytes.length);
        List<byte[]> frames = new ArrayList<>();
        byte[] all = pending.toByteArray();
        int offset = 0;
        while (all.length - offset >= 4) {
            int length = ByteBuffer.wrap(all, offset, 4).getInt();
            if (length < 0 || length > maxFrame) {
                throw new IllegalStateException("frame length " + Integer.toUnsignedString(length)
                        + " is over the limit of " + maxFrame + " bytes");
            }
            if (all.length - offset - 4 < length) {
                break;
            }
            byte[] frame = new byte[length];
            System.arraycopy(all, offset + 4, frame, 0, length);
            frames.add(frame);
            offset += 4 + length;
        }
        pending.reset();
        pending.write(all, offset, all.length - offset);
        return frames;
    }

    static ByteBuffer encode(byte[] frame) {
        ByteBuffer out = ByteBuffer.allocate(4 + frame.length);
        out.putInt(frame.length).put(frame).flip();
        return out;
    }
}
