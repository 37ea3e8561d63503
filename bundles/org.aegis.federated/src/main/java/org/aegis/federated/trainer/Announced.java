package org.aegis.federated.trainer;

import org.aegis.federated.protocol.FederatedPayload;

/**
 * An announcement a round collected, in decision order: an update (round ≥ 1) or a participant's statistics
 * (round 0, {@code stats} set).
 *
 * @param digest      the update's digest, or the SHA-256 of the statistics payload
 * @param sender      who announced it
 * @param sampleCount the samples behind it
 * @param base        the digest of the version the update was trained from; empty for statistics
 * @param bytes       the announced length of the update's encoding; 0 for statistics
 * @param stats       the statistics, or null for an update
 */
record Announced(String digest, String sender, long sampleCount, String base, int bytes,
        FederatedPayload.Stats stats) {
}
