package org.aegis.transport.memory;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Sees every data message a node sends, before the link's faults apply, and decides what goes on the wire
 * instead: for Byzantine tests (a node that equivocates, forges, replays or stays silent to some peers).
 */
@ConsumerType
@FunctionalInterface
public interface Interceptor {
    /**
     * @param from    the sending peer (the node this interceptor belongs to)
     * @param to      the receiving peer
     * @param channel the stream's protocol id or the pubsub topic
     * @param payload the message (the interceptor may keep or change this array)
     * @return what to send in its place, in order: empty drops it, {@code List.of(payload)} passes it, several
     *     duplicate it or inject messages after or before it
     */
    List<byte[]> intercept(String from, String to, String channel, byte[] payload);
}
