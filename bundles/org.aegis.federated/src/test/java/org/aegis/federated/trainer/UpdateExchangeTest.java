package org.aegis.federated.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.aegis.api.federated.UpdateCodec;
import org.aegis.api.transport.Transport;
import org.junit.jupiter.api.Test;

class UpdateExchangeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final byte[] BYTES = {1, 2, 3, 4, 5, 6, 7, 8};
    private static final String DIGEST = HexFormat.of().formatHex(UpdateCodec.sha256(BYTES));

    private final FakeNetwork network = new FakeNetwork();
    private final Transport requester = network.transport("requester");

    private void serve(Map<String, byte[]> held) {
        network.transport("server").handle(UpdateExchange.PROTOCOL,
                UpdateExchange.server(digest -> Optional.ofNullable(held.get(digest))));
    }

    private String failure(String digest, int maxBytes) {
        Exception e = assertThrows(Exception.class, () -> UpdateExchange.fetch(requester, "server", digest, maxBytes,
                TIMEOUT));
        return (e instanceof ExecutionException ? e.getCause() : e).getMessage();
    }

    @Test
    void fetchesTheBytesOfADigest() throws Exception {
        serve(Map.of(DIGEST, BYTES));
        assertArrayEquals(BYTES, UpdateExchange.fetch(requester, "server", DIGEST, BYTES.length, TIMEOUT));
    }

    @Test
    void refusesBytesThatAreNotTheDigestsOrOverTheBound() {
        String other = "00".repeat(32);
        serve(Map.of(other, BYTES, DIGEST, BYTES));
        assertTrue(failure(other, 100).contains("answered bytes of digest " + DIGEST), failure(other, 100));
        assertTrue(failure(DIGEST, 4).contains("sent more than 4 bytes"), failure(DIGEST, 4));
    }

    @Test
    void saysWhenThePeerDoesNotHoldTheUpdateOrDoesNotSpeakTheProtocol() {
        assertTrue(failure(DIGEST, 100).contains("does not speak " + UpdateExchange.PROTOCOL));
        serve(Map.of());
        assertTrue(failure(DIGEST, 100).contains("server does not hold update " + DIGEST));
    }
}
