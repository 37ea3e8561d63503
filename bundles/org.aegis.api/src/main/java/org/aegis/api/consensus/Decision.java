package org.aegis.api.consensus;

import java.time.Instant;

/**
 * A committed decision: every honest replica sees the same proposal at the same sequence number.
 *
 * @param sequence  position in the total order, from 1
 * @param view      the view in which it committed
 * @param proposal  what was decided
 * @param decidedAt when this replica committed it
 */
public record Decision(long sequence, long view, Proposal proposal, Instant decidedAt) {
}
