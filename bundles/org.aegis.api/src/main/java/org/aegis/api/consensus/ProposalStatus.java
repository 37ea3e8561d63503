package org.aegis.api.consensus;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

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
 * @param replies      once decided, the signed replies of the validators that vouch for the decision, as the engine
 *                     gives them to the proposal's proposer (empty where the engine has none, or on another node):
 *                     what lets a client check the decision without trusting the node it asked
 */
public record ProposalStatus(Proposal proposal, State state, long sequence, long view, List<Vote> votes,
        long votedWeight, long totalWeight, String reason, List<Reply> replies) {

    public ProposalStatus {
        votes = List.copyOf(votes);
        replies = List.copyOf(replies);
    }

    /** A status without replies, as engines that give none (and those written before replies existed) make it. */
    public ProposalStatus(Proposal proposal, State state, long sequence, long view, List<Vote> votes,
            long votedWeight, long totalWeight, String reason) {
        this(proposal, state, sequence, view, votes, votedWeight, totalWeight, reason, List.of());
    }

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

    /**
     * One validator's signed statement of how a proposal was decided. Whoever knows the validators' public keys checks
     * it alone: {@code signature} is the validator's signature over {@code signedBytes}, which name the proposal and
     * its decision in the engine's documented format (the PBFT engine's: docs/architecture.md, "Checking a decision
     * without trusting the node").
     *
     * @param peerId      the validator
     * @param weight      its vote weight in the epoch the decision was made in
     * @param signedBytes exactly the bytes signed
     * @param signature   the signature (Ed25519 for libp2p peer ids of Ed25519 keys)
     */
    public record Reply(String peerId, long weight, byte[] signedBytes, byte[] signature) {
        public Reply {
            Objects.requireNonNull(peerId, "peerId");
            signedBytes = signedBytes.clone();
            signature = signature.clone();
        }

        @Override
        public byte[] signedBytes() {
            return signedBytes.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Reply r && peerId.equals(r.peerId) && weight == r.weight
                    && Arrays.equals(signedBytes, r.signedBytes) && Arrays.equals(signature, r.signature);
        }

        @Override
        public int hashCode() {
            return 31 * peerId.hashCode() + Arrays.hashCode(signature);
        }

        @Override
        public String toString() {
            return "Reply[" + peerId + ", weight " + weight + "]";
        }
    }
}
