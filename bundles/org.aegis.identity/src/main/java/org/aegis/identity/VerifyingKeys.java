package org.aegis.identity;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * Peers' Ed25519 public keys decoded from their peer ids, kept for the next signature: decoding (base58, the
 * multihash, the curve point) costs a fair part of a verification, and a node verifies the same few validators'
 * messages all day. Bounded: past {@link #CAPACITY} keys the cache starts over, so ids that flood it cost memory
 * only up to the bound. Safe for concurrent use.
 */
final class VerifyingKeys {
    static final int CAPACITY = 4096;

    private final Map<String, Ed25519PublicKeyParameters> byPeerId = new ConcurrentHashMap<>();

    /**
     * The key {@code peerId} names.
     *
     * @throws RuntimeException if the peer id is malformed or its key is not a point on the curve
     */
    Ed25519PublicKeyParameters of(String peerId) {
        Ed25519PublicKeyParameters known = byPeerId.get(peerId);
        if (known != null) {
            return known;
        }
        Ed25519PublicKeyParameters decoded = new Ed25519PublicKeyParameters(PeerIds.toEd25519PublicKey(peerId));
        if (byPeerId.size() >= CAPACITY) {
            byPeerId.clear();
        }
        byPeerId.put(peerId, decoded);
        return decoded;
    }
}
