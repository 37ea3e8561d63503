package org.aegis.transport.libp2p.noise;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import java.util.List;

/**
 * Noise transport messages after the handshake: decrypts each {@link NoiseFrameDecoder} frame, and encrypts what is
 * written in messages of at most 65535 bytes including the 16-byte tag, each after its 2-byte length.
 */
public final class NoiseTransportCodec extends MessageToMessageCodec<ByteBuf, ByteBuf> {
    /** Most plaintext one transport message carries. */
    public static final int MAX_PLAINTEXT = NoiseFrameDecoder.MAX_MESSAGE_LENGTH - CipherState.TAG_LENGTH;
    private static final byte[] NO_AD = new byte[0];

    private final CipherState sending;
    private final CipherState receiving;

    public NoiseTransportCodec(CipherState sending, CipherState receiving) {
        this.sending = sending;
        this.receiving = receiving;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf plaintext, List<Object> out) {
        int length = plaintext.readableBytes();
        int messages = Math.max(1, (length + MAX_PLAINTEXT - 1) / MAX_PLAINTEXT);
        ByteBuf ciphertext = ctx.alloc().heapBuffer(length + messages * (2 + CipherState.TAG_LENGTH));
        ByteBuf copy = plaintext.hasArray() ? null : ctx.alloc().heapBuffer(Math.min(length, MAX_PLAINTEXT));
        try {
            do {
                int chunk = Math.min(plaintext.readableBytes(), MAX_PLAINTEXT);
                byte[] in;
                int inOffset;
                if (copy == null) {
                    in = plaintext.array();
                    inOffset = plaintext.arrayOffset() + plaintext.readerIndex();
                } else {
                    copy.clear();
                    plaintext.getBytes(plaintext.readerIndex(), copy, chunk);
                    in = copy.array();
                    inOffset = copy.arrayOffset();
                }
                plaintext.skipBytes(chunk);
                ciphertext.writeShort(chunk + CipherState.TAG_LENGTH);
                int written = sending.encrypt(NO_AD, in, inOffset, chunk, ciphertext.array(),
                        ciphertext.arrayOffset() + ciphertext.writerIndex());
                ciphertext.writerIndex(ciphertext.writerIndex() + written);
            } while (plaintext.isReadable());
            out.add(ciphertext);
            ciphertext = null;
        } finally {
            if (copy != null) {
                copy.release();
            }
            if (ciphertext != null) {
                ciphertext.release();
            }
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf message, List<Object> out) {
        int length = message.readableBytes();
        ByteBuf copy = message.hasArray() ? null : ctx.alloc().heapBuffer(length);
        ByteBuf plaintext = ctx.alloc().heapBuffer(Math.max(0, length - CipherState.TAG_LENGTH));
        try {
            byte[] in;
            int inOffset;
            if (copy == null) {
                in = message.array();
                inOffset = message.arrayOffset() + message.readerIndex();
            } else {
                message.getBytes(message.readerIndex(), copy, length);
                in = copy.array();
                inOffset = copy.arrayOffset();
            }
            int written = receiving.decrypt(NO_AD, in, inOffset, length, plaintext.array(), plaintext.arrayOffset());
            plaintext.writerIndex(written);
            message.skipBytes(length);
            out.add(plaintext);
            plaintext = null;
        } finally {
            if (copy != null) {
                copy.release();
            }
            if (plaintext != null) {
                plaintext.release();
            }
        }
    }
}
