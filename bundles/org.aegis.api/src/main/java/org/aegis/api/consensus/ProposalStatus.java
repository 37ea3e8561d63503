package org.aegis.api.consensus;

import java.util.List;

/**
 * What became of a proposal.
 *
 * @param proposal     the proposal
 * @param state        where it is
 * @param sequence     its sequence number once ordered, else 0
 * @param view         the view it was ordered in, else 0
 * @param votes        the commit votes this replica has seen for it
 * @param votedWeight  the sum of those votes' weights
 * @param totalWeight  W of the epoch it was ordered in
 * @param reason       why it was rejected, else {@code null}
 */
public record ProposalStatus(Proposal proposal, State state, long sequence, long view, List<Vote> votes,
        long votedWeight, long totalWeight, String reason) {

    public enum State {
        /** Received, not yet ordered. */
        PENDING,
        /** Ordered by the primary; collecting prepare and commit votes. */
        ORDERED,
        /** Committed: a decision at {@link #sequence()}. */
        DECIDED,
        /** Refused before ordering (invalid, duplicate id with other content, not a validator...). */
        REJECTED
    }

    /** One validator's vote and the weight it carried. */
    public record Vote(String peerId, int weight) {
    }
}
