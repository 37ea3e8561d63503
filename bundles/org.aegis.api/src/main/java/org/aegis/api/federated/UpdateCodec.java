package org.aegis.api.federated;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The one canonical binary format of an {@link UpdateBody}, the bytes a participant signs and the network
 * content-addresses. Defined here, beside its record, so that no two bundles parse it differently.
 *
 * <pre>
 * magic        4 bytes  "AEFU"
 * version      1 byte   1
 * task         u16 length + UTF-8 bytes (1..255)
 * round        int64    &ge; 0
 * sender       u16 length + UTF-8 bytes (1..255)
 * sampleCount  int64    &gt; 0
 * count        int32    &ge; 0, number of parameters
 * parameters   count &times; IEEE-754 float32, finite
 * </pre>
 * All integers and floats big-endian. Every byte string has exactly one decoding, and a decoded body encodes
 * back to the same bytes (strict UTF-8, no trailing bytes), so the digest of a body is well defined.
 * Stateless and thread-safe.
 */
public final class UpdateCodec {
    /** The first bytes of every encoded body. */
    public static final byte[] MAGIC = {'A', 'E', 'F', 'U'};
    /** The format version this codec writes and reads. */
    public static final int VERSION = 1;
    /** The longest task name or sender, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;

    private static final int FIXED_BYTES = MAGIC.length + 1 + 2 + 8 + 2 + 8 + 4;

    private UpdateCodec() {
    }

    /** The encoded size of a body with these names and parameter count. */
    public static long encodedSize(String task, String sender, int parameterCount) {
        return FIXED_BYTES + utf8(task).length + utf8(sender).length + 4L * parameterCount;
    }

    /** Encodes a body; every valid body can be encoded. */
    public static byte[] encode(UpdateBody body) {
        byte[] task = utf8(body.task());
        byte[] sender = utf8(body.sender());
        float[] parameters = body.parameters();
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(encodedSize(body.task(), body.sender(),
                parameters.length)));
        out.put(MAGIC).put((byte) VERSION);
        out.putShort((short) task.length).put(task);
        out.putLong(body.round());
        out.putShort((short) sender.length).put(sender);
        out.putLong(body.sampleCount());
        out.putInt(parameters.length);
        for (float value : parameters) {
            out.putInt(Float.floatToRawIntBits(value));
        }
        return out.array();
    }

    /**
     * Decodes a body of any parameter count.
     *
     * @param maxBytes the largest encoding the caller accepts; longer input is refused before it is parsed
     * @throws MalformedUpdateException naming the problem: over the size bound, truncated, wrong magic or
     *                                  version, bad name, negative count, non-finite value, trailing bytes
     */
    public static UpdateBody decode(byte[] encoded, int maxBytes) {
        return decode(encoded, maxBytes, -1);
    }

    /**
     * Decodes a body that must have {@code expectedParameterCount} parameters (the model's shape).
     *
     * @throws MalformedUpdateException as {@link #decode(byte[], int)}, or if the count is not the expected one
     */
    public static UpdateBody decode(byte[] encoded, int maxBytes, int expectedParameterCount) {
        if (encoded.length > maxBytes) {
            throw new MalformedUpdateException("update of " + encoded.length + " bytes is over the size bound of "
                    + maxBytes + " bytes");
        }
        ByteBuffer in = ByteBuffer.wrap(encoded);
        require(in, MAGIC.length + 1, "magic and version");
        for (byte expected : MAGIC) {
            if (in.get() != expected) {
                throw new MalformedUpdateException("not an update body: wrong magic");
            }
        }
        int version = in.get() & 0xFF;
        if (version != VERSION) {
            throw new MalformedUpdateException("unsupported update format version " + version + ", expected "
                    + VERSION);
        }
        String task = readName(in, "task");
        require(in, 8, "round");
        long round = in.getLong();
        if (round < 0) {
            throw new MalformedUpdateException("negative round " + round);
        }
        String sender = readName(in, "sender");
        require(in, 8, "sample count");
        long sampleCount = in.getLong();
        if (sampleCount <= 0) {
            throw new MalformedUpdateException("sample count of " + sender + " must be positive, was " + sampleCount);
        }
        require(in, 4, "parameter count");
        int count = in.getInt();
        if (count < 0) {
            throw new MalformedUpdateException("negative parameter count " + count);
        }
        if (expectedParameterCount >= 0 && count != expectedParameterCount) {
            throw new MalformedUpdateException("update of " + sender + " has " + count
                    + " parameters, the model has " + expectedParameterCount);
        }
        // Checked before allocating, so that a forged count cannot make us allocate more than was sent.
        if (in.remaining() < 4L * count) {
            throw new MalformedUpdateException("truncated: " + count + " parameters need " + 4L * count
                    + " bytes, " + in.remaining() + " left");
        }
        float[] parameters = new float[count];
        for (int i = 0; i < count; i++) {
            float value = Float.intBitsToFloat(in.getInt());
            if (!Float.isFinite(value)) {
                throw new MalformedUpdateException("parameter " + i + " of " + sender + " is not finite: " + value);
            }
            parameters[i] = value;
        }
        if (in.hasRemaining()) {
            throw new MalformedUpdateException(in.remaining() + " trailing bytes after the parameters");
        }
        return new UpdateBody(task, round, sender, sampleCount, parameters);
    }

    /** SHA-256 of the bytes, for content addressing. */
    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** SHA-256 of the body's encoding, as 64 lower-case hex digits. */
    public static String digestHex(UpdateBody body) {
        return HexFormat.of().formatHex(sha256(encode(body)));
    }

    static void checkName(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new MalformedUpdateException("the " + what + " must not be empty");
        }
        int length = utf8(value).length;
        if (length > MAX_NAME_BYTES) {
            throw new MalformedUpdateException("the " + what + " is " + length + " bytes of UTF-8, at most "
                    + MAX_NAME_BYTES + " allowed");
        }
    }

    private static byte[] utf8(String value) {
        try {
            // Strict: a lone surrogate would otherwise become '?' and not survive a round trip.
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(value));
            byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new MalformedUpdateException("'" + value + "' is not valid Unicode text");
        }
    }

    private static String readName(ByteBuffer in, String what) {
        require(in, 2, what + " length");
        int length = in.getShort() & 0xFFFF;
        if (length == 0 || length > MAX_NAME_BYTES) {
            throw new MalformedUpdateException("the " + what + " must be 1 to " + MAX_NAME_BYTES + " bytes, was "
                    + length);
        }
        require(in, length, what);
        ByteBuffer slice = in.slice(in.position(), length);
        in.position(in.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(slice).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedUpdateException("the " + what + " is not valid UTF-8");
        }
    }

    private static void require(ByteBuffer in, int bytes, String what) {
        if (in.remaining() < bytes) {
            throw new MalformedUpdateException("truncated: the " + what + " needs " + bytes + " bytes, "
                    + in.remaining() + " left");
        }
    }
}
