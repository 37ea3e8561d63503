package org.aegis.consensus.pbft.message;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads the fields {@link WireWriter} writes, checking every length against the bytes left and a limit. */
public final class WireReader {
    private final byte[] data;
    private int position;

    public WireReader(byte[] data) {
        this.data = data;
    }

    public int u8() throws MalformedMessageException {
        need(1, "u8");
        return data[position++] & 0xFF;
    }

    public int u16() throws MalformedMessageException {
        need(2, "u16");
        int value = ((data[position] & 0xFF) << 8) | (data[position + 1] & 0xFF);
        position += 2;
        return value;
    }

    public int u32() throws MalformedMessageException {
        need(4, "u32");
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (data[position++] & 0xFF);
        }
        return value;
    }

    public long u64() throws MalformedMessageException {
        need(8, "u64");
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | (data[position++] & 0xFF);
        }
        return value;
    }

    /** A u64 that must lie in [0, max]. */
    public long counter(String field, long max) throws MalformedMessageException {
        int at = position;
        long value = u64();
        if (value < 0 || value > max) {
            throw new MalformedMessageException(field + " " + Long.toUnsignedString(value) + " at offset " + at
                    + " is outside [0, " + max + "]");
        }
        return value;
    }

    public byte[] raw(int length, String field) throws MalformedMessageException {
        need(length, field);
        byte[] out = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return out;
    }

    /** A u32 length of at most {@code maxLength}, then the bytes. */
    public byte[] bytes(String field, int maxLength) throws MalformedMessageException {
        int at = position;
        int length = u32();
        if (length < 0 || length > maxLength) {
            throw new MalformedMessageException(field + " at offset " + at + " has length "
                    + Integer.toUnsignedString(length) + ", the limit is " + maxLength);
        }
        return raw(length, field);
    }

    /** A u16 length of at most {@code maxLength} bytes, then valid UTF-8. */
    public String string(String field, int maxLength) throws MalformedMessageException {
        int at = position;
        int length = u16();
        if (length > maxLength) {
            throw new MalformedMessageException(field + " at offset " + at + " has " + length
                    + " bytes, the limit is " + maxLength);
        }
        need(length, field);
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data, position, length));
            position += length;
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException(field + " at offset " + at + " is not valid UTF-8");
        }
    }

    /** A u16 element count of at most {@code max}. */
    public int count(String field, int max) throws MalformedMessageException {
        int at = position;
        int count = u16();
        if (count > max) {
            throw new MalformedMessageException(field + " at offset " + at + " has " + count
                    + " elements, the limit is " + max);
        }
        return count;
    }

    /** Fails unless every byte was read: trailing garbage is as malformed as a truncation. */
    public void end() throws MalformedMessageException {
        if (position != data.length) {
            throw new MalformedMessageException((data.length - position) + " trailing bytes after the message");
        }
    }

    private void need(int length, String field) throws MalformedMessageException {
        if (length < 0 || data.length - position < length) {
            throw new MalformedMessageException("truncated: " + field + " at offset " + position + " needs "
                    + length + " bytes, " + (data.length - position) + " left");
        }
    }
}
