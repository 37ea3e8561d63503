package org.aegis.api.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class UpdateCodecTest {
    private static final UpdateBody BODY = new UpdateBody("iris", 7, "12D3KooWabc", 150,
            new float[] {1.5f, -0.25f, 0f, -0f, Float.MAX_VALUE, Float.MIN_VALUE});

    @Test
    void roundTripKeepsEveryBit() {
        byte[] encoded = UpdateCodec.encode(BODY);
        UpdateBody decoded = UpdateCodec.decode(encoded, encoded.length, 6);
        assertEquals(BODY, decoded);
        assertArrayEquals(encoded, UpdateCodec.encode(decoded));
        assertEquals(UpdateCodec.encodedSize("iris", "12D3KooWabc", 6), encoded.length);
        // -0f survives as -0f, not 0f
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(decoded.parameters()[3]));
    }

    @Test
    void layoutIsBigEndianAsDocumented() {
        byte[] encoded = UpdateCodec.encode(new UpdateBody("t", 1, "s", 2, new float[] {1f}));
        assertEquals("4145465501" + "0001" + "74" + "0000000000000001" + "0001" + "73" + "0000000000000002"
                + "00000001" + "3f800000", HexFormat.of().formatHex(encoded));
    }

    @Test
    void digestIsSha256OfTheEncoding() {
        // SHA-256 of the empty input, a published test vector
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                HexFormat.of().formatHex(UpdateCodec.sha256(new byte[0])));
        assertEquals(HexFormat.of().formatHex(UpdateCodec.sha256(UpdateCodec.encode(BODY))),
                UpdateCodec.digestHex(BODY));
        UpdateBody other = new UpdateBody("iris", 8, "12D3KooWabc", 150, BODY.parameters());
        assertNotEquals(UpdateCodec.digestHex(BODY), UpdateCodec.digestHex(other));
    }

    @Test
    void refusesInputOverTheSizeBoundBeforeParsing() {
        byte[] encoded = UpdateCodec.encode(BODY);
        assertProblem("over the size bound", () -> UpdateCodec.decode(encoded, encoded.length - 1));
    }

    @Test
    void refusesEveryTruncation() {
        byte[] encoded = UpdateCodec.encode(BODY);
        for (int length = 0; length < encoded.length; length++) {
            byte[] cut = Arrays.copyOf(encoded, length);
            assertProblem("truncated", () -> UpdateCodec.decode(cut, 1 << 20));
        }
    }

    @Test
    void refusesTrailingBytes() {
        byte[] encoded = UpdateCodec.encode(BODY);
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 3);
        assertProblem("3 trailing bytes", () -> UpdateCodec.decode(longer, 1 << 20));
    }

    @Test
    void refusesWrongMagicAndVersion() {
        byte[] encoded = UpdateCodec.encode(BODY);
        encoded[0] = 'X';
        assertProblem("wrong magic", () -> UpdateCodec.decode(encoded, 1 << 20));
        byte[] version = UpdateCodec.encode(BODY);
        version[4] = 2;
        assertProblem("version 2", () -> UpdateCodec.decode(version, 1 << 20));
    }

    @Test
    void refusesAParameterCountOtherThanTheModels() {
        byte[] encoded = UpdateCodec.encode(BODY);
        assertProblem("has 6 parameters, the model has 5", () -> UpdateCodec.decode(encoded, 1 << 20, 5));
    }

    @Test
    void refusesAForgedHugeParameterCountWithoutAllocatingIt() {
        byte[] encoded = UpdateCodec.encode(BODY);
        ByteBuffer.wrap(encoded).putInt(countOffset(), Integer.MAX_VALUE);
        assertProblem("truncated: 2147483647 parameters", () -> UpdateCodec.decode(encoded, 1 << 20));
    }

    @Test
    void refusesNegativeCounts() {
        byte[] count = UpdateCodec.encode(BODY);
        ByteBuffer.wrap(count).putInt(countOffset(), -1);
        assertProblem("negative parameter count -1", () -> UpdateCodec.decode(count, 1 << 20));

        byte[] samples = UpdateCodec.encode(BODY);
        ByteBuffer.wrap(samples).putLong(countOffset() - 8, -5);
        assertProblem("sample count of 12D3KooWabc must be positive, was -5",
                () -> UpdateCodec.decode(samples, 1 << 20));

        byte[] round = UpdateCodec.encode(BODY);
        ByteBuffer.wrap(round).putLong(5 + 2 + 4, -1);
        assertProblem("negative round -1", () -> UpdateCodec.decode(round, 1 << 20));
    }

    @Test
    void refusesNonFiniteValues() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            byte[] encoded = UpdateCodec.encode(BODY);
            ByteBuffer.wrap(encoded).putFloat(countOffset() + 4 + 4, bad);
            assertProblem("parameter 1 of 12D3KooWabc is not finite", () -> UpdateCodec.decode(encoded, 1 << 20));
        }
    }

    @Test
    void refusesEmptyOrInvalidNames() {
        byte[] encoded = UpdateCodec.encode(BODY);
        encoded[5 + 2] = (byte) 0xFF; // 'i' of "iris" becomes an invalid UTF-8 byte
        assertProblem("task is not valid UTF-8", () -> UpdateCodec.decode(encoded, 1 << 20));
        assertProblem("task must not be empty", () -> new UpdateBody("", 0, "s", 1, new float[0]));
        assertProblem("at most 255", () -> new UpdateBody("t", 0, "s".repeat(256), 1, new float[0]));
        assertProblem("not valid Unicode", () -> new UpdateBody("t", 0, "\uD800", 1, new float[0]));
    }

    @Test
    void bodyIsImmutable() {
        float[] values = {1f, 2f};
        UpdateBody body = new UpdateBody("t", 0, "s", 1, values);
        values[0] = 99f;
        body.parameters()[1] = 99f;
        assertArrayEquals(new float[] {1f, 2f}, body.parameters());
    }

    /** Offset of the parameter count in the encoding of {@link #BODY}. */
    private static int countOffset() {
        return 5 + 2 + "iris".length() + 8 + 2 + "12D3KooWabc".length() + 8;
    }

    private static void assertProblem(String expected, org.junit.jupiter.api.function.Executable decode) {
        MalformedUpdateException e = assertThrows(MalformedUpdateException.class, decode);
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should say " + expected);
    }
}
