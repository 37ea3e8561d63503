package org.aegis.api.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** The decoder either decodes or says why not; whatever it decodes encodes back to the same bytes. */
class UpdateCodecFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decoderNeverFailsOtherwise(byte[] input) {
        UpdateBody decoded;
        try {
            decoded = UpdateCodec.decode(input, 1 << 16);
        } catch (MalformedUpdateException expected) {
            return;
        }
        assertArrayEquals(input, UpdateCodec.encode(decoded));
    }
}
