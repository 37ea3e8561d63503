package org.aegis.api.consensus;

/**
 * One consistent snapshot of a replica's consensus state.
 *
 * @param view                 the current view
 * @param primary              peer id of the view's primary
 * @param lastCommitted        sequence number of the last committed decision
 * @param stableCheckpoint     sequence number of the last stable checkpoint (the low watermark)
 * @param validators           the validators of the current weight epoch
 * @param faultToleranceWeight the largest weight f such that 3·f &lt; W: Byzantine weight the network survives
 * @param faultToleranceCount  the largest number of validators whose combined weight stays within that bound
 * @param viewChangeInProgress whether the replica is changing view (no new decisions until it completes)
 */
public record ConsensusState(long view, String primary, long lastCommitted, long stableCheckpoint,
        ValidatorSet validators, long faultToleranceWeight, int faultToleranceCount, boolean viewChangeInProgress) {
}
