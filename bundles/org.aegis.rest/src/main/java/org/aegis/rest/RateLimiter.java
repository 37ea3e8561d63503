package org.aegis.rest;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets per client: {@code perMinute} requests a minute with bursts of the same size. Only the most
 * recently seen clients are tracked, so a flood of new addresses cannot exhaust memory.
 */
final class RateLimiter {
    private static final int MAX_CLIENTS = 10_000;

    private final Clock clock;
    private final double capacity;
    private final double refillPerMilli;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    RateLimiter(Clock clock, int perMinute) {
        this(clock, perMinute, "requestsPerMinute");
    }

    /** @param setting the configuration property that set the rate, named when it is invalid */
    RateLimiter(Clock clock, int perMinute, String setting) {
        if (perMinute < 1) {
            throw new IllegalArgumentException(setting + " must be at least 1, was " + perMinute);
        }
        this.clock = clock;
        this.capacity = perMinute;
        this.refillPerMilli = perMinute / 60_000.0;
    }

    /** Takes one request from the client's bucket; returns 0 when allowed, else the seconds to wait. */
    synchronized long acquire(String client) {
        Bucket bucket = refilled(client);
        if (bucket.tokens >= 1) {
            bucket.tokens -= 1;
            return 0;
        }
        return secondsUntilOne(bucket);
    }

    /** 0 when the client's bucket has a request left, else the seconds to wait; takes nothing from it. */
    synchronized long exhausted(String client) {
        Bucket bucket = refilled(client);
        return bucket.tokens >= 1 ? 0 : secondsUntilOne(bucket);
    }

    private Bucket refilled(String client) {
        long now = clock.millis();
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(capacity, now));
        bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.updatedAt) * refillPerMilli);
        bucket.updatedAt = now;
        return bucket;
    }

    private long secondsUntilOne(Bucket bucket) {
        return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / refillPerMilli / 1000));
    }

    /** Guarded by the limiter's lock. */
    private static final class Bucket {
        double tokens;
        long updatedAt;

        Bucket(double tokens, long updatedAt) {
            this.tokens = tokens;
            this.updatedAt = updatedAt;
        }
    }
}
