package org.aegis.consensus.pbft;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.aegis.api.consensus.ConsensusBusyException;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.consensus.pbft.message.Message.Entry;
import org.aegis.consensus.pbft.message.Message.Request;
import org.aegis.consensus.pbft.message.MessageCodec;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.ordering.PendingRequests;
import org.aegis.consensus.pbft.persist.ReplicaStore.StoredDecision;

/**
 * This replica's clients: admits their proposals (a bounded number in flight), turns each into a signed request,
 * tracks every proposal's status and completes the proposer's future when its proposal is decided or refused.
 * {@link #propose} and {@link #status} run on any thread; the rest on the replica's executor.
 */
final class ClientRequests {
    /** Proposal statuses kept in memory, and about how many bytes of them; older ones are answered from the store. */
    static final int STATUS_CAPACITY = 10_000;
    static final long STATUS_BYTES = 16L << 20;
    /** What a busy replica tells a proposer to wait: about the time a loaded network takes to decide a batch. */
    private static final Duration RETRY_WHEN_BUSY = Duration.ofSeconds(1);

    private final ReplicaContext c;
    private final ReplicaState s;
    /** Permits for this replica's own proposals between {@link #propose} and their outcome. */
    private final Semaphore admission;
    private final Map<String, CompletableFuture<Decision>> waiting = new HashMap<>();
    private final ProposalStatuses statuses = new ProposalStatuses(STATUS_CAPACITY, STATUS_BYTES);

    ClientRequests(ReplicaContext c) {
        this.c = c;
        this.s = c.state;
        this.admission = new Semaphore(c.config.maxProposalsInFlight());
    }

    CompletionStage<Decision> propose(Proposal proposal) {
        CompletableFuture<Decision> result = new CompletableFuture<>();
        String problem = checkProposal(proposal);
        if (problem != null) {
            result.completeExceptionally(new IllegalArgumentException(problem));
            return result;
        }
        if (!admission.tryAcquire()) {
            result.completeExceptionally(new ConsensusBusyException(s.self + " already holds "
                    + c.config.maxProposalsInFlight() + " proposals of its own that the network has not decided",
                    RETRY_WHEN_BUSY));
            return result;
        }
        result.whenComplete((decision, failure) -> admission.release());
        String callerContext = c.traces.callerContext();
        try {
            c.tasks.submit(() -> submit(proposal, callerContext, result));
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the replica is stopped", e));
        }
        return result;
    }

    Optional<ProposalStatus> status(String proposalId) {
        Optional<ProposalStatus> known = statuses.get(proposalId);
        if (known.isPresent()) {
            return known;
        }
        return c.store.decisionOf(proposalId).flatMap(seq -> c.store.decisions(seq, 1).stream().findFirst())
                .map(d -> new ProposalStatus(d.decision().proposal(), ProposalStatus.State.DECIDED,
                        d.decision().sequence(), d.decision().view(), List.of(), 0, 0, null));
    }

    private static String checkProposal(Proposal p) {
        if (p == null || p.id() == null || p.kind() == null || p.payload() == null || p.proposer() == null) {
            return "a proposal needs an id, a kind, a payload and a proposer";
        }
        if (p.id().isEmpty() || utf8(p.id()) > MessageCodec.MAX_PROPOSAL_ID_BYTES) {
            return "proposal id must be 1 to " + MessageCodec.MAX_PROPOSAL_ID_BYTES + " bytes";
        }
        if (utf8(p.kind()) > MessageCodec.MAX_KIND_BYTES) {
            return "proposal kind is over " + MessageCodec.MAX_KIND_BYTES + " bytes";
        }
        if (p.payload().length > MessageCodec.MAX_PAYLOAD_BYTES) {
            return "proposal payload of " + p.payload().length + " bytes, the limit is "
                    + MessageCodec.MAX_PAYLOAD_BYTES;
        }
        if (utf8(p.proposer()) > MessageCodec.MAX_PROPOSER_BYTES) {
            return "proposer is over " + MessageCodec.MAX_PROPOSER_BYTES + " bytes";
        }
        return null;
    }

    private static int utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private void submit(Proposal proposal, String callerContext, CompletableFuture<Decision> result) {
        if (s.stopped || !s.started) {
            result.completeExceptionally(new IllegalStateException("the replica is not running"));
            return;
        }
        Optional<StoredDecision> decided = c.store.decisionOf(proposal.id())
                .flatMap(seq -> c.store.decisions(seq, 1).stream().findFirst());
        if (decided.isPresent()) {
            if (sameContent(decided.get().decision().proposal(), proposal)) {
                result.complete(decided.get().decision());
            } else {
                reject(proposal, result, "proposal id " + proposal.id() + " was already decided with other content");
            }
            return;
        }
        Signed known = s.pending.get(proposal.id());
        if (known != null) {
            if (sameContent(((Request) known.message()).proposal(), proposal)) {
                attach(proposal.id(), result);
            } else {
                reject(proposal, result, "proposal id " + proposal.id() + " is pending with other content");
            }
            return;
        }
        if (!s.epochs.current().contains(s.self)) {
            reject(proposal, result, "this node is not a validator");
            return;
        }
        Signed request = c.signatures.sign(new Request(proposal, c.traces.proposing(proposal, callerContext)));
        if (!s.pending.add(request)) {
            c.traces.abandoned(proposal.id(), "too many pending requests");
            result.completeExceptionally(new ConsensusBusyException(s.self + " holds " + PendingRequests.CAPACITY
                    + " requests the network has not decided", RETRY_WHEN_BUSY));
            return;
        }
        attach(proposal.id(), result);
        setStatus(new ProposalStatus(proposal, ProposalStatus.State.PENDING, 0, 0, List.of(), 0, 0, null));
        c.outbox.broadcast(request);
        c.requestTimer.arm();
        c.acceptor.orderIfPrimary(false);
        c.retransmitter.arm();
    }

    private void attach(String id, CompletableFuture<Decision> result) {
        waiting.merge(id, result, (a, b) -> {
            a.whenComplete((d, e) -> {
                if (e != null) {
                    b.completeExceptionally(e);
                } else {
                    b.complete(d);
                }
            });
            return a;
        });
    }

    private void reject(Proposal proposal, CompletableFuture<Decision> result, String reason) {
        setStatus(new ProposalStatus(proposal, ProposalStatus.State.REJECTED, 0, 0, List.of(), 0, 0, reason));
        result.completeExceptionally(new IllegalArgumentException(reason));
    }

    private static boolean sameContent(Proposal a, Proposal b) {
        return a.id().equals(b.id()) && a.kind().equals(b.kind()) && Arrays.equals(a.payload(), b.payload())
                && a.proposer().equals(b.proposer());
    }

    /**
     * {@code decided} executed here: its request leaves the pending ones, and whoever proposed it through this
     * replica learns it once the validators confirm it ({@link Replies}), or at once that another validator's
     * proposal with the same id and other content won. A proposal another validator signed first with the same
     * content gets no replies here (they go to that signer): its proposer learns it from this replica's execution.
     */
    void decided(StoredDecision decided, List<ProposalStatus.Vote> votes, long voted, long totalWeight) {
        Decision decision = decided.decision();
        String id = decision.proposal().id();
        Signed awaited = s.pending.get(id);
        s.pending.remove(id);
        setStatus(new ProposalStatus(decision.proposal(), ProposalStatus.State.DECIDED, decision.sequence(),
                decision.view(), votes, voted, totalWeight, null));
        CompletableFuture<Decision> future = waiting.remove(id);
        if (future == null) {
            return;
        }
        if (awaited != null && !sameContent(((Request) awaited.message()).proposal(), decision.proposal())) {
            c.replies.forget(id);
            future.completeExceptionally(new IllegalArgumentException(
                    "proposal id " + id + " was decided with other content (proposed by another validator)"));
        } else if (awaited != null && decided.signer().equals(s.self) && awaited.sender().equals(s.self)) {
            c.replies.awaitConfirmation(decision, decided.slot(), new Entry(decided.signer(), decision.proposal()),
                    awaited, future);
        } else {
            c.replies.forget(id);
            future.complete(decision);
        }
    }

    /** Whether a proposer of this replica waits for {@code proposalId}. */
    boolean awaits(String proposalId) {
        return waiting.containsKey(proposalId);
    }

    /** The validators confirmed our decided proposal: its status shows their signed replies. */
    void confirmed(String proposalId, List<ProposalStatus.Reply> replies) {
        statuses.withReplies(proposalId, replies);
    }

    /** Every proposal still waiting fails: the replica stopped. */
    void failWaiting() {
        waiting.values().forEach(f -> f.completeExceptionally(new IllegalStateException("replica stopped")));
        waiting.clear();
        c.replies.failUnconfirmed();
    }

    void setStatus(ProposalStatus status) {
        statuses.put(status);
    }

    /** A request of this view's pre-prepare or a peer's: its proposal is known to be pending or ordered. */
    void seen(Proposal proposal, ProposalStatus.State state, long view) {
        setStatus(new ProposalStatus(proposal, state, 0, view, List.of(), 0, 0, null));
    }
}
