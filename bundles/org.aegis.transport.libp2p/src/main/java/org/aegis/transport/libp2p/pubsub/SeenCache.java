package org.aegis.transport.libp2p.pubsub;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Message ids seen within the last {@code ttl}, so that a message is delivered and forwarded once. */
final class SeenCache {
    private final Duration ttl;
    /** Insertion order is time order: ids are only added with the current time. */
    private final LinkedHashMap<ByteString, Instant> seenAt = new LinkedHashMap<>();

    SeenCache(Duration ttl) {
        this.ttl = ttl;
    }

    boolean contains(ByteString id) {
        return seenAt.containsKey(id);
    }

    void add(ByteString id, Instant now) {
        seenAt.putIfAbsent(id, now);
    }

    void expire(Instant now) {
        Instant cutoff = now.minus(ttl);
        Iterator<Map.Entry<ByteString, Instant>> oldestFirst = seenAt.entrySet().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next().getValue().isBefore(cutoff)) {
            oldestFirst.remove();
        }
    }
}
