package org.aegis.transport.libp2p.pubsub;

import com.google.protobuf.ByteString;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * IWANT requests we expect answered (gossipsub v1.1, "Spam Protection Measures"): for every IHAVE that made us
 * send an IWANT, one of the wanted ids, chosen at random, must arrive (from anyone) before its deadline, or the
 * advertising peer broke its promise and earns a behaviour penalty.
 */
final class GossipPromises {
    private final Map<ByteString, Map<String, Instant>> deadlines = new HashMap<>();
    private final RandomGenerator random;

    GossipPromises(RandomGenerator random) {
        this.random = random;
    }

    void expect(String peer, List<ByteString> wanted, Instant deadline) {
        ByteString id = wanted.get(random.nextInt(wanted.size()));
        deadlines.computeIfAbsent(id, k -> new HashMap<>()).putIfAbsent(peer, deadline);
    }

    void delivered(ByteString id) {
        deadlines.remove(id);
    }

    /** Forgets the promises past their deadline and returns how many each peer broke. */
    Map<String, Integer> collectBroken(Instant now) {
        Map<String, Integer> broken = new HashMap<>();
        Iterator<Map<String, Instant>> byMessage = deadlines.values().iterator();
        while (byMessage.hasNext()) {
            Map<String, Instant> byPeer = byMessage.next();
            byPeer.entrySet().removeIf(entry -> {
                boolean expired = entry.getValue().isBefore(now);
                if (expired) {
                    broken.merge(entry.getKey(), 1, Integer::sum);
                }
                return expired;
            });
            if (byPeer.isEmpty()) {
                byMessage.remove();
            }
        }
        return broken;
    }
}
