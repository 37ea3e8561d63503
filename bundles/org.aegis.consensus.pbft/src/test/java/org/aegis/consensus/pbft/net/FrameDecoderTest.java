package org.aegis.consensus.pbft.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    @Test
    void framesSplitAcrossChunksAndSeveralInOneChunkAreReassembled() {
        ByteBuffer a = FrameDecoder.encode(new byte[] {1, 2, 3});
        ByteBuffer b = FrameDecoder.encode(new byte[] {});
        ByteBuffer c = FrameDecoder.encode(new byte[] {4, 5});
        ByteBuffer all = ByteBuffer.allocate(a.remaining() + b.remaining() + c.remaining()).put(a).put(b).put(c)
                .flip();
        FrameDecoder decoder = new FrameDecoder(100);
        List<byte[]> frames = new ArrayList<>();
        while (all.hasRemaining()) {
            frames.addAll(decoder.feed(ByteBuffer.wrap(new byte[] {all.get()})));
        }
        assertEquals(3, frames.size());
        assertArrayEquals(new byte[] {1, 2, 3}, frames.get(0));
        assertArrayEquals(new byte[] {}, frames.get(1));
        assertArrayEquals(new byte[] {4, 5}, frames.get(2));
        ByteBuffer two = ByteBuffer.allocate(11).put(FrameDecoder.encode(new byte[] {7})).put(FrameDecoder.encode(
                new byte[] {8, 9})).flip();
        assertEquals(2, new FrameDecoder(100).feed(two).size());
    }

    @Test
    void aLengthOverTheLimitIsRefused() {
        assertThrows(IllegalStateException.class,
                () -> new FrameDecoder(10).feed(ByteBuffer.allocate(4).putInt(11).flip()));
        assertThrows(IllegalStateException.class,
                () -> new FrameDecoder(10).feed(ByteBuffer.allocate(4).putInt(-1).flip()));
    }
}
