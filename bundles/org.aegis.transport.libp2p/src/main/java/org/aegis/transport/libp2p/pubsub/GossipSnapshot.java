package org.aegis.transport.libp2p.pubsub;

import java.util.Map;
import java.util.Set;

/**
 * The router's state at one moment, for diagnostics (shell, REST, tests).
 *
 * @param subscriptions     topics we are subscribed to
 * @param mesh              our mesh peers per subscribed topic
 * @param fanout            our fanout peers per topic we publish to without subscribing
 * @param peerTopics        the topics each connected peer announced
 * @param scores            each connected peer's score
 * @param malformedRpcs     RPCs dropped as malformed
 * @param invalidMessages   messages rejected (unsigned, bad signature, bad fields)
 * @param duplicateMessages messages dropped as already seen
 * @param graylistedRpcs    RPCs ignored because their sender was graylisted
 * @param droppedInbound    RPCs dropped because the router was too far behind
 * @param droppedOutbound   RPCs a peer's full outbound queue refused
 * @param internalErrors    router tasks that failed with an exception (a bug; each is logged)
 */
public record GossipSnapshot(Set<String> subscriptions, Map<String, Set<String>> mesh,
                             Map<String, Set<String>> fanout, Map<String, Set<String>> peerTopics,
                             Map<String, Double> scores, long malformedRpcs, long invalidMessages,
                             long duplicateMessages, long graylistedRpcs, long droppedInbound,
                             long droppedOutbound, long internalErrors) {
}
