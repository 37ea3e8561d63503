package org.aegis.api.transport;

import java.time.Duration;
import java.util.List;

/**
 * A connected peer as the transport sees it.
 *
 * @param peerId    its peer id
 * @param addresses addresses it is reachable at
 * @param protocols protocols it announced
 * @param latency   last measured round trip, {@code null} when not measured yet
 */
public record PeerInfo(String peerId, List<Multiaddr> addresses, List<String> protocols, Duration latency) {
}
