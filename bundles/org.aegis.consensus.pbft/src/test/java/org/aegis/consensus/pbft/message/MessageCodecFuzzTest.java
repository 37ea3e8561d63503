package org.aegis.consensus.pbft.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** The decoder either decodes or says why not; whatever it decodes encodes back to the same bytes. */
class MessageCodecFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void decoderNeverFailsOtherwise(byte[] input) {
        Signed decoded;
        try {
            decoded = MessageCodec.decode(input);
        } catch (MalformedMessageException expected) {
            return;
        }
        assertArrayEquals(input, MessageCodec.encode(decoded));
    }
}
