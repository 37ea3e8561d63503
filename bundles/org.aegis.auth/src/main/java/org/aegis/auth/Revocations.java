package org.aegis.auth;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aegis.api.store.Store;
import org.aegis.api.store.StoreEntry;

/**
 * Revoked token ids, kept in the store (so a revocation survives a restart) and in memory (so verifying stays
 * cheap). An entry is dropped once no token it could name is still valid: after the longest lifetime a token may
 * have.
 */
final class Revocations {
    static final String MAP = "auth.revoked";
    static final int MAX_TOKEN_ID_LENGTH = 128;

    private final Store store;
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    /** Loads the revocations that can still matter at {@code now}, and forgets the rest. */
    Revocations(Store store, Instant now, Duration keptFor) {
        this.store = store;
        Instant oldest = now.minus(keptFor);
        List<String> stale = new ArrayList<>();
        for (StoreEntry entry : store.map(MAP).range(null, null, Integer.MAX_VALUE)) {
            Instant at = Instant.ofEpochSecond(Long.parseLong(new String(entry.value(), US_ASCII)));
            if (at.isBefore(oldest)) {
                stale.add(entry.key());
            } else {
                revoked.put(entry.key(), at);
            }
        }
        if (!stale.isEmpty()) {
            store.write(batch -> stale.forEach(key -> batch.remove(MAP, key)));
        }
    }

    boolean isRevoked(String tokenId) {
        return revoked.containsKey(tokenId);
    }

    /** Revokes {@code tokenId} durably; false when it was revoked already. */
    boolean revoke(String tokenId, Instant now) {
        if (tokenId == null || tokenId.isBlank() || tokenId.length() > MAX_TOKEN_ID_LENGTH) {
            throw new IllegalArgumentException("a token id (jti) of 1 to " + MAX_TOKEN_ID_LENGTH
                    + " characters is required, as aegis:token and POST /api/v1/tokens show it");
        }
        if (revoked.containsKey(tokenId)) {
            return false;
        }
        store.write(batch -> batch.put(MAP, tokenId, Long.toString(now.getEpochSecond()).getBytes(US_ASCII)));
        revoked.put(tokenId, now);
        return true;
    }
}
