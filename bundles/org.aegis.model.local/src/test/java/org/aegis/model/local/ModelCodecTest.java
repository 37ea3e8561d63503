package org.aegis.model.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModelCodecTest {
    private static final CharModel MODEL = TinyModels.MODEL;

    @Test
    void roundTripGivesTheSameModelAndTheSameOutputs() {
        CharModel decoded = ModelCodec.decode(ModelCodec.encode(MODEL));
        assertEquals(MODEL, decoded);
        assertEquals(greedy(MODEL, "PEACE, n."), greedy(decoded, "PEACE, n."));
        assertArrayEquals(MODEL.embed("a round trip"), decoded.embed("a round trip"));
    }

    @Test
    void refusesOtherFormatsAndDamagedBytes() {
        byte[] bytes = ModelCodec.encode(MODEL);

        byte[] otherVersion = bytes.clone();
        ByteBuffer.wrap(otherVersion).putInt(4, ModelCodec.FORMAT_VERSION + 1);
        assertMessage("format version " + (ModelCodec.FORMAT_VERSION + 1), otherVersion);

        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 1;
        assertMessage("checksum", flipped);

        assertMessage("truncated", Arrays.copyOf(bytes, 6));
        assertMessage("bad magic", "not a model at all".getBytes(StandardCharsets.US_ASCII));
    }

    private static void assertMessage(String expected, byte[] bytes) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelCodec.decode(bytes));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static String greedy(CharModel model, String prompt) {
        Generation generation = new Generation(model, prompt, 100, new Sampler(0, 0, new SplittableRandom(1)));
        StringBuilder text = new StringBuilder();
        for (String fragment = generation.next(); fragment != null; fragment = generation.next()) {
            text.append(fragment);
        }
        return text.toString();
    }
}
