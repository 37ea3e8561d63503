package org.aegis.rest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;

/**
 * A request body read within bounds: at most {@code limit} bytes (a chunked body has no length to check up
 * front) and within {@code maxTime} of its first read, so a client that sends a byte every few seconds cannot keep
 * a worker for long.
 */
final class BoundedBody extends FilterInputStream {
    private final long limit;
    private final Duration maxTime;
    private final Clock clock;
    private long read;
    private long deadlineMillis = -1;

    BoundedBody(InputStream in, long limit, Duration maxTime, Clock clock) {
        super(in);
        this.limit = limit;
        this.maxTime = maxTime;
        this.clock = clock;
    }

    @Override
    public int read() throws IOException {
        startClock();
        int b = super.read();
        count(b < 0 ? 0 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        startClock();
        int n = super.read(buffer, offset, length);
        count(Math.max(n, 0));
        return n;
    }

    private void startClock() {
        if (deadlineMillis < 0) {
            deadlineMillis = clock.millis() + maxTime.toMillis();
        }
    }

    private void count(int n) throws BodyRefusedException {
        read += n;
        if (read > limit) {
            throw new BodyRefusedException(413, "request body over " + limit + " bytes");
        }
        if (clock.millis() > deadlineMillis) {
            throw new BodyRefusedException(408, "request body took over " + maxTime.toSeconds() + " s to arrive");
        }
    }
}
