package org.aegis.consensus.pbft;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.ProposalStatus;
import org.aegis.consensus.pbft.message.Digest;
import org.aegis.consensus.pbft.message.Digests;
import org.aegis.consensus.pbft.message.Message.Entry;
import org.aegis.consensus.pbft.message.Message.Outcome;
import org.aegis.consensus.pbft.message.Message.Reply;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.persist.ReplicaStore.StoredDecision;
import org.aegis.consensus.pbft.quorum.Epoch;

/**
 * The reply path (PBFT's replies to the client): every replica that executes a request tells its signer how it was
 * decided, in one signed {@link Reply} per executed slot and signer; a replica completes its own proposer only when
 * validators of more than the fault-tolerance weight, itself included, report the outcome it executed. So a replica
 * whose own state went wrong cannot tell its proposer a decision the network did not make, and the proposer gets
 * signed replies it can show its own client as proof. Replies that do not arrive are asked for again: the
 * proposer sends its request once more, and a replica that decided it answers with its reply.
 *
 * <p>Holds replies only for proposals this replica's proposers wait for ({@link ClientRequests#awaits}), so a peer
 * cannot fill it. Confined to the replica's executor.
 */
final class Replies {
    private final ReplicaContext c;
    private final ReplicaState s;
    /** For each proposal of ours still unconfirmed: every validator's reply that names it, by sender. */
    private final Map<String, Map<String, Signed>> heard = new HashMap<>();
    /** Our proposals executed here whose outcome too little weight has confirmed yet, in execution order. */
    private final Map<String, Unconfirmed> unconfirmed = new LinkedHashMap<>();

    /** An outcome this replica executed for one of its proposals, its signed request and who waits for it. */
    private record Unconfirmed(Decision decision, long slot, Digest entry, Signed request,
            CompletableFuture<Decision> future) {
        boolean matches(Outcome o) {
            return o.decision() == decision.sequence() && o.entry().equals(entry);
        }
    }

    Replies(ReplicaContext c) {
        this.c = c;
        this.s = c.state;
    }

    /**
     * A slot executed: each signer of its entries hears how they were decided ({@code toOthers} false leaves out
     * the other signers: slots executed from a checkpoint were answered long ago). This replica's own reply is
     * heard here like anyone's.
     */
    void executed(List<StoredDecision> decided, boolean toOthers) {
        Map<String, List<Outcome>> bySigner = new LinkedHashMap<>();
        for (StoredDecision d : decided) {
            if (toOthers || d.signer().equals(s.self)) {
                bySigner.computeIfAbsent(d.signer(), signer -> new ArrayList<>()).add(outcome(d));
            }
        }
        bySigner.forEach((signer, outcomes) -> {
            Signed reply = c.signatures.sign(new Reply(outcomes));
            if (signer.equals(s.self)) {
                onReply(reply);
            } else {
                c.outbox.send(signer, reply);
            }
        });
    }

    /** A proposer asks again about a request it signed that is decided here: it missed our reply. */
    void answerAgain(Signed request, StoredDecision decided) {
        c.outbox.send(request.sender(), c.signatures.sign(new Reply(List.of(outcome(decided)))));
    }

    /**
     * A validator's reply, already authenticated: what it says of the proposals we wait for is kept. The rest is not
     * a fault: replies beyond the confirming ones come after the proposer has its answer.
     */
    DropReason onReply(Signed signed) {
        for (Outcome o : ((Reply) signed.message()).outcomes()) {
            if (unconfirmed.containsKey(o.proposalId()) || c.requests.awaits(o.proposalId())) {
                heard.computeIfAbsent(o.proposalId(), id -> new HashMap<>()).put(signed.sender(), signed);
                confirm(o.proposalId());
            }
        }
        return null;
    }

    /**
     * This replica executed {@code decision} for a proposal its proposer waits for: the proposer is told once enough
     * validators report the same.
     */
    void awaitConfirmation(Decision decision, long slot, Entry entry, Signed request,
            CompletableFuture<Decision> future) {
        unconfirmed.put(decision.proposal().id(),
                new Unconfirmed(decision, slot, Digests.entry(entry), request, future));
        confirm(decision.proposal().id());
    }

    /** Whether some executed proposal still waits for its replies (the retransmitter keeps asking meanwhile). */
    boolean waiting() {
        return !unconfirmed.isEmpty();
    }

    /** Asks the validators that have not answered about our executed, unconfirmed proposals. */
    void askAgain() {
        for (Unconfirmed u : unconfirmed.values()) {
            Set<String> answered = heard.getOrDefault(u.decision().proposal().id(), Map.of()).keySet();
            for (String peer : s.otherValidators()) {
                if (!answered.contains(peer)) {
                    c.outbox.send(peer, u.request());
                }
            }
        }
    }

    /** The replica stops: the proposers still waiting for confirmation fail. */
    void failUnconfirmed() {
        unconfirmed.values().forEach(u -> u.future().completeExceptionally(
                new IllegalStateException("replica stopped before the validators confirmed the decision")));
        unconfirmed.clear();
        heard.clear();
    }

    /** Nobody here waits for {@code proposalId} any more. */
    void forget(String proposalId) {
        done(proposalId);
    }

    private void confirm(String proposalId) {
        Unconfirmed u = unconfirmed.get(proposalId);
        if (u == null) {
            return;
        }
        Map<String, Signed> replies = heard.getOrDefault(proposalId, Map.of());
        Epoch epoch = s.epochFor(u.slot());
        Map<Boolean, List<Signed>> agreeing = replies.values().stream()
                .collect(Collectors.partitioningBy(reply -> named(reply, proposalId).stream().anyMatch(u::matches)));
        if (epoch.weak(senders(agreeing.get(true)))) {
            done(proposalId);
            c.requests.confirmed(proposalId, agreeing.get(true).stream().map(reply -> new ProposalStatus.Reply(
                    reply.sender(), epoch.weight(reply.sender()), reply.signingInput(), reply.signature())).toList());
            u.future().complete(u.decision());
            return;
        }
        // validators of more than f's weight say otherwise: at least one honest one does, so this replica is wrong
        Map<Outcome, List<String>> otherwise = new HashMap<>();
        for (Signed reply : agreeing.get(false)) {
            named(reply, proposalId).forEach(o -> otherwise.computeIfAbsent(o, k -> new ArrayList<>())
                    .add(reply.sender()));
        }
        otherwise.forEach((outcome, senders) -> {
            if (epoch.weak(senders) && unconfirmed.containsKey(proposalId)) {
                done(proposalId);
                u.future().completeExceptionally(new IllegalStateException("validators " + senders
                        + " report proposal " + proposalId + " as decision " + outcome.decision()
                        + " with other content or number than this replica executed (decision "
                        + u.decision().sequence() + "): this replica's state differs from the network's"));
            }
        });
    }

    private void done(String proposalId) {
        unconfirmed.remove(proposalId);
        heard.remove(proposalId);
    }

    private static List<Outcome> named(Signed reply, String proposalId) {
        return ((Reply) reply.message()).outcomes().stream().filter(o -> o.proposalId().equals(proposalId)).toList();
    }

    private static Set<String> senders(List<Signed> replies) {
        return replies.stream().map(Signed::sender).collect(Collectors.toSet());
    }

    private static Outcome outcome(StoredDecision d) {
        return new Outcome(d.decision().proposal().id(), d.decision().sequence(),
                Digests.entry(new Entry(d.signer(), d.decision().proposal())));
    }
}
