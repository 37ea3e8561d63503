package org.aegis.transport.libp2p.noise;

import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/** Splits the connection into noise-libp2p messages: a 2-byte big-endian length, then that many bytes. */
public final class NoiseFrameDecoder extends LengthFieldBasedFrameDecoder {
    public static final int MAX_MESSAGE_LENGTH = 0xFFFF;

    public NoiseFrameDecoder() {
        super(2 + MAX_MESSAGE_LENGTH, 0, 2, 0, 2);
    }
}
