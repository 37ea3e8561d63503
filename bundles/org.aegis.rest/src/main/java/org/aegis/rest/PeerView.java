package org.aegis.rest;

import java.util.List;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.PeerInfo;

/** A connected peer as the API shows it; latency in milliseconds, {@code null} until measured. */
public record PeerView(String peerId, List<String> addresses, List<String> protocols, Double latencyMs) {

    static PeerView of(PeerInfo peer) {
        return new PeerView(peer.peerId(), peer.addresses().stream().map(Multiaddr::value).toList(),
                List.copyOf(peer.protocols()), peer.latency() == null ? null : peer.latency().toNanos() / 1e6);
    }
}
