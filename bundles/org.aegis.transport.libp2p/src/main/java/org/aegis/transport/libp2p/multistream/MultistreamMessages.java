package org.aegis.transport.libp2p.multistream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.aegis.transport.libp2p.ProtocolException;
import org.aegis.transport.libp2p.multiformats.UVarint;

/**
 * The messages of multistream-select 1.0: a uvarint length, then the UTF-8 text and a {@code '\n'} that the length
 * counts.
 */
public final class MultistreamMessages {
    public static final String PROTOCOL_ID = "/multistream/1.0.0";
    public static final String NOT_AVAILABLE = "na";
    public static final String LIST = "ls";
    /** Longest message accepted, newline included; protocol ids are far shorter. */
    public static final int MAX_MESSAGE_LENGTH = 1024;
    /** Longest {@code ls} response accepted. */
    public static final int MAX_LIST_LENGTH = 64 * 1024;

    private MultistreamMessages() {
    }

    /** One buffer holding each message in turn. */
    public static ByteBuf encode(ByteBufAllocator allocator, String... messages) {
        ByteBuf out = allocator.buffer(16 * messages.length + 32);
        for (String message : messages) {
            write(out, message);
        }
        return out;
    }

    public static void write(ByteBuf out, String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        if (text.length + 1 > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("multistream message longer than " + MAX_MESSAGE_LENGTH + " bytes");
        }
        UVarint.write(out, text.length + 1);
        out.writeBytes(text).writeByte('\n');
    }

    /** The response to {@code ls}: one message whose body is each protocol as a message, then a newline. */
    public static ByteBuf encodeList(ByteBufAllocator allocator, Collection<String> protocols) {
        ByteBuf body = allocator.buffer();
        try {
            for (String protocol : protocols) {
                write(body, protocol);
            }
            body.writeByte('\n');
            ByteBuf out = allocator.buffer(body.readableBytes() + UVarint.MAX_BYTES);
            UVarint.write(out, body.readableBytes());
            return out.writeBytes(body);
        } finally {
            body.release();
        }
    }

    /**
     * Reads one message at the reader index: its text without the newline, or {@code null} (index unchanged) when
     * the buffer does not hold all of it yet.
     *
     * @throws ProtocolException when it is longer than {@code maxLength}, empty, not newline-terminated or not UTF-8
     */
    public static String tryRead(ByteBuf in, int maxLength) {
        ByteBuf body = tryReadBody(in, maxLength);
        return body == null ? null : text(body);
    }

    /** Like {@link #tryRead} but returns the body (newline removed) as a slice of {@code in}. */
    public static ByteBuf tryReadBody(ByteBuf in, int maxLength) {
        int start = in.readerIndex();
        long length = UVarint.tryRead(in);
        if (length == UVarint.INCOMPLETE) {
            return null;
        }
        if (length == 0) {
            throw new ProtocolException("empty multistream message");
        }
        if (length > maxLength) {
            throw new ProtocolException("multistream message of " + length + " bytes exceeds " + maxLength);
        }
        if (in.readableBytes() < length) {
            in.readerIndex(start);
            return null;
        }
        if (in.getByte(in.readerIndex() + (int) length - 1) != '\n') {
            throw new ProtocolException("multistream message does not end with a newline");
        }
        ByteBuf body = in.readSlice((int) length - 1);
        in.skipBytes(1);
        return body;
    }

    /** The protocols of an {@code ls} response body (its closing newline already removed by {@link #tryReadBody}). */
    public static List<String> parseList(ByteBuf body) {
        List<String> protocols = new ArrayList<>();
        while (body.isReadable()) {
            String protocol = tryRead(body, MAX_MESSAGE_LENGTH);
            if (protocol == null) {
                throw new ProtocolException("truncated protocol in ls response");
            }
            protocols.add(protocol);
        }
        return protocols;
    }

    private static String text(ByteBuf body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(body.nioBuffer()).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("multistream message is not UTF-8", e);
        }
    }
}
