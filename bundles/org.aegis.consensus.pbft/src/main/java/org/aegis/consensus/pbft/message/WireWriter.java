package org.aegis.consensus.pbft.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Appends big-endian fields to a growing byte array: the one canonical encoding that signatures cover. */
public final class WireWriter {
    private byte[] buffer = new byte[128];
    private int size;

    public WireWriter u8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    public WireWriter u16(int value) {
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
        return this;
    }

    public WireWriter u32(int value) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    public WireWriter u64(long value) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[size++] = (byte) (value >>> shift);
        }
        return this;
    }

    /** Exactly {@code data.length} bytes, no length prefix (fixed-size fields such as digests). */
    public WireWriter raw(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, buffer, size, data.length);
        size += data.length;
        return this;
    }

    /** A u32 length, then the bytes. */
    public WireWriter bytes(byte[] data) {
        return u32(data.length).raw(data);
    }

    /** A u16 length, then the UTF-8 bytes. */
    public WireWriter string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        if (utf8.length > 0xFFFF) {
            throw new IllegalArgumentException("string of " + utf8.length + " bytes does not fit a u16 length");
        }
        return u16(utf8.length).raw(utf8);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
