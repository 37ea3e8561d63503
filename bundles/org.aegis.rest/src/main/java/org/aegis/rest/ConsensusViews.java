package org.aegis.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.api.consensus.Validator;

/** How proposals, decisions and the consensus state look in the API. */
final class ConsensusViews {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsensusViews() {
    }

    /**
     * A proposal's payload as JSON when it is JSON (the API only submits JSON), else as base64.
     *
     * @param payload       the payload, parsed
     * @param payloadBase64 the raw bytes, when they are not JSON
     */
    record PayloadView(JsonNode payload, String payloadBase64) {
        static PayloadView of(byte[] bytes) {
            try {
                return new PayloadView(JSON.readTree(bytes), null);
            } catch (IOException notJson) {
                return new PayloadView(null, Base64.getEncoder().encodeToString(bytes));
            }
        }
    }

    public record VoteView(String peerId, int weight) {
    }

    /**
     * A validator's signed reply to the proposer: {@code signature} (base64) over {@code signedBytes} (base64), which
     * name the proposal and its decision (docs/architecture.md, "Checking a decision without trusting the node",
     * says how a client checks them).
     */
    public record ReplyView(String peerId, long weight, String signedBytes, String signature) {
    }

    /**
     * @param quorumWeight the least weight Q of a certificate: 3·Q &gt; 2·W
     */
    public record ProposalView(String id, String kind, String proposer, JsonNode payload, String payloadBase64,
            String state, long sequence, long view, List<VoteView> votes, long votedWeight, long totalWeight,
            long quorumWeight, String reason, List<ReplyView> replies) {
    }

    public record DecisionView(long sequence, long view, String proposalId, String kind, String proposer,
            JsonNode payload, String payloadBase64, Instant decidedAt) {
    }

    public record ValidatorView(String peerId, int weight) {
    }

    /**
     * @param faultToleranceWeight Byzantine weight f_w the network survives (3·f_w &lt; W)
     * @param faultToleranceCount  how many validators, heaviest first, fit within that weight
     */
    public record ConsensusView(long view, String primary, long lastCommitted, long stableCheckpoint, long epoch,
            List<ValidatorView> validators, long totalWeight, long quorumWeight, long faultToleranceWeight,
            int faultToleranceCount, boolean viewChangeInProgress) {
    }

    /** The least Q with 3·Q &gt; 2·W. */
    static long quorum(long totalWeight) {
        return 2 * totalWeight / 3 + 1;
    }

    static ProposalView proposal(ProposalStatus status) {
        Proposal p = status.proposal();
        PayloadView payload = PayloadView.of(p.payload());
        return new ProposalView(p.id(), p.kind(), p.proposer(), payload.payload(), payload.payloadBase64(),
                status.state().name().toLowerCase(), status.sequence(), status.view(),
                status.votes().stream().map(v -> new VoteView(v.peerId(), v.weight())).toList(), status.votedWeight(),
                status.totalWeight(), quorum(status.totalWeight()), status.reason(),
                status.replies().stream().map(r -> new ReplyView(r.peerId(), r.weight(),
                        Base64.getEncoder().encodeToString(r.signedBytes()),
                        Base64.getEncoder().encodeToString(r.signature()))).toList());
    }

    static DecisionView decision(Decision decision) {
        Proposal p = decision.proposal();
        PayloadView payload = PayloadView.of(p.payload());
        return new DecisionView(decision.sequence(), decision.view(), p.id(), p.kind(), p.proposer(),
                payload.payload(), payload.payloadBase64(), decision.decidedAt());
    }

    static ConsensusView state(ConsensusState state) {
        List<Validator> validators = state.validators().validators();
        return new ConsensusView(state.view(), state.primary(), state.lastCommitted(), state.stableCheckpoint(),
                state.validators().epoch(), validators.stream().map(v -> new ValidatorView(v.peerId(), v.weight())).toList(),
                state.validators().totalWeight(), quorum(state.validators().totalWeight()), state.faultToleranceWeight(),
                state.faultToleranceCount(), state.viewChangeInProgress());
    }
}
