package org.aegis.transport.libp2p.pubsub;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aegis.transport.libp2p.proto.Rpc;

/**
 * The gossipsub message cache: recent messages in history windows of one heartbeat each. The newest {@code gossip}
 * windows are advertised in IHAVE; {@link #shift()} drops the oldest of {@code length} windows. It also counts how
 * often each message was sent to each peer in answer to IWANT, so that IWANT spam cannot drain us.
 */
final class MessageCache {
    private final int length;
    private final int gossip;
    private final Map<ByteString, Cached> messages = new HashMap<>();
    /** Newest window first. */
    private final Deque<List<ByteString>> windows = new ArrayDeque<>();

    MessageCache(int length, int gossip) {
        this.length = length;
        this.gossip = gossip;
        windows.addFirst(new ArrayList<>());
    }

    void put(ByteString id, Rpc.Message message) {
        if (messages.putIfAbsent(id, new Cached(message)) == null) {
            windows.getFirst().add(id);
        }
    }

    boolean contains(ByteString id) {
        return messages.containsKey(id);
    }

    /**
     * The message for an IWANT of {@code peer}, counting the transmission; empty when it left the cache or was
     * already sent {@code maxTransmissions} times to that peer.
     */
    Optional<Rpc.Message> getForPeer(ByteString id, String peer, int maxTransmissions) {
        Cached cached = messages.get(id);
        if (cached == null) {
            return Optional.empty();
        }
        int sent = cached.transmissions.merge(peer, 1, Integer::sum);
        return sent > maxTransmissions ? Optional.empty() : Optional.of(cached.message);
    }

    /** Ids of the messages of {@code topic} in the newest {@code gossip} windows. */
    List<ByteString> gossipIds(String topic) {
        List<ByteString> ids = new ArrayList<>();
        Iterator<List<ByteString>> newestFirst = windows.iterator();
        for (int i = 0; i < gossip && newestFirst.hasNext(); i++) {
            for (ByteString id : newestFirst.next()) {
                if (messages.get(id).message.getTopic().equals(topic)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** Opens a new window and forgets the messages of the oldest one once there are {@code length} windows. */
    void shift() {
        if (windows.size() == length) {
            windows.removeLast().forEach(messages::remove);
        }
        windows.addFirst(new ArrayList<>());
    }

    private static final class Cached {
        final Rpc.Message message;
        final Map<String, Integer> transmissions = new HashMap<>();

        Cached(Rpc.Message message) {
            this.message = message;
        }
    }
}
