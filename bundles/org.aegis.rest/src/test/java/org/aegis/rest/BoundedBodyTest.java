package org.aegis.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import org.aegis.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** The pen test's slow bodies: a byte every few seconds kept a worker for as long as the client liked. */
class BoundedBodyTest {
    private final MutableClock clock = new MutableClock(Instant.EPOCH);

    @Test
    void aBodyWithinBothBoundsReadsWhole() throws IOException {
        BoundedBody body = new BoundedBody(new ByteArrayInputStream(new byte[100]), 100, Duration.ofSeconds(30), clock);
        assertEquals(100, body.readAllBytes().length);
    }

    @Test
    void aBodyOverTheLimitIs413() {
        BoundedBody body = new BoundedBody(new ByteArrayInputStream(new byte[101]), 100, Duration.ofSeconds(30), clock);
        assertEquals(413, assertThrows(BodyRefusedException.class, body::readAllBytes).status());
    }

    @Test
    void aBodyThatTakesTooLongIs408() throws IOException {
        // each byte arrives five seconds after the one before
        InputStream dribble = new InputStream() {
            @Override
            public int read() {
                clock.advance(Duration.ofSeconds(5));
                return 'x';
            }
        };
        BoundedBody body = new BoundedBody(dribble, 1_000, Duration.ofSeconds(30), clock);
        for (int i = 0; i < 6; i++) {
            body.read();
        }
        BodyRefusedException slow = assertThrows(BodyRefusedException.class, body::read);
        assertEquals(408, slow.status());
        assertEquals("request body took over 30 s to arrive", slow.getMessage());
    }
}
