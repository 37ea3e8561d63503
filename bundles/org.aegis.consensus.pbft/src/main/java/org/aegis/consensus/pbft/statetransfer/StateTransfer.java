package org.aegis.consensus.pbft.statetransfer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.aegis.consensus.pbft.message.Digest;
import org.aegis.consensus.pbft.message.Digests;
import org.aegis.consensus.pbft.message.Message.Checkpoint;
import org.aegis.consensus.pbft.message.Message.CommittedProof;
import org.aegis.consensus.pbft.message.Message.Entry;
import org.aegis.consensus.pbft.message.Message.ExecutedSlot;
import org.aegis.consensus.pbft.message.Message.StateReply;
import org.aegis.consensus.pbft.message.MessageCodec;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.persist.ReplicaStore;
import org.aegis.consensus.pbft.persist.ReplicaStore.Executed;
import org.aegis.consensus.pbft.persist.ReplicaStore.StoredDecision;

/**
 * State transfer: a replica that is behind asks for what follows its last executed sequence number; a peer answers
 * with the executed slots up to its next stable checkpoint and that checkpoint's certificate, then the commit
 * certificates of the sequence numbers it committed since. The asking replica replays the slots' entries through the
 * state digest chain and takes them only if the chain ends on the digest the certificate vouches for; a commit
 * certificate proves its batch by itself.
 */
public final class StateTransfer {
    /** Checks a checkpoint certificate; returns why it is invalid, or {@code null}. */
    @FunctionalInterface
    public interface ProofCheck {
        String check(long sequence, Digest state, List<Signed> proof);
    }

    /** A verified reply: the slots to execute (those after the asker's last one) and the checkpoint they reach. */
    public record Verified(long checkpoint, Digest state, List<ExecutedSlot> slots) {
    }

    private final ReplicaStore store;
    private Instant lastAsked;

    public StateTransfer(ReplicaStore store) {
        this.store = store;
    }

    /** Whether to ask now: at most once per {@code interval} until a reply arrives. */
    public boolean mayAsk(Instant now, Duration interval) {
        if (lastAsked != null && now.isBefore(lastAsked.plus(interval))) {
            return false;
        }
        lastAsked = now;
        return true;
    }

    /** A useful reply arrived: the next question may go at once. */
    public void answered() {
        lastAsked = null;
    }

    /**
     * The answer to a fetch from {@code from}: the slots up to the lowest stored checkpoint at or above it, with its
     * certificate; the commit certificates that follow ({@code committedFrom} gives those from a sequence number on);
     * and {@code newView} when not {@code null}. A reply with none of these tells the asker there is nothing newer.
     */
    public StateReply reply(long from, long lastExecuted, LongFunction<List<CommittedProof>> committedFrom,
            Signed newView) {
        List<Signed> proof = List.of();
        List<ExecutedSlot> slots = new ArrayList<>();
        Optional<Long> checkpoint = from < 1 ? Optional.empty() : store.checkpointAtOrAbove(from);
        if (checkpoint.isPresent() && checkpoint.get() <= lastExecuted
                && checkpoint.get() - from < MessageCodec.MAX_SLOTS) {
            for (long n = from; n <= checkpoint.get(); n++) {
                Optional<Executed> executed = store.executed(n);
                if (executed.isEmpty()) {
                    slots.clear();
                    break;
                }
                List<Entry> entries = new ArrayList<>();
                for (StoredDecision d : store.decisions(executed.get().firstDecision(), executed.get().decisions())) {
                    entries.add(new Entry(d.signer(), d.decision().proposal()));
                }
                slots.add(new ExecutedSlot(n, entries));
            }
            proof = slots.isEmpty() ? List.of() : store.checkpointProof(checkpoint.get()).orElse(List.of());
            if (proof.isEmpty()) {
                slots.clear();
            }
        }
        long next = slots.isEmpty() ? from : slots.get(slots.size() - 1).sequence() + 1;
        List<CommittedProof> committed = next <= lastExecuted ? committedFrom.apply(next) : List.of();
        return new StateReply(proof, slots, committed, newView);
    }

    /** The slots of {@code reply} to execute after {@code lastExecuted}, if the reply proves them. */
    public Optional<Verified> verify(StateReply reply, long lastExecuted, Digest state, ProofCheck proofCheck) {
        if (reply.checkpointProof().isEmpty() || reply.slots().isEmpty()) {
            return Optional.empty();
        }
        Checkpoint claimed = (Checkpoint) reply.checkpointProof().get(0).message();
        List<ExecutedSlot> slots = reply.slots();
        if (claimed.sequence() <= lastExecuted || slots.get(slots.size() - 1).sequence() != claimed.sequence()
                || slots.get(0).sequence() > lastExecuted + 1) {
            return Optional.empty();
        }
        for (int i = 1; i < slots.size(); i++) {
            if (slots.get(i).sequence() != slots.get(i - 1).sequence() + 1) {
                return Optional.empty();
            }
        }
        List<ExecutedSlot> toApply = slots.stream().filter(s -> s.sequence() > lastExecuted).toList();
        Digest chained = state;
        for (ExecutedSlot slot : toApply) {
            chained = Digests.chain(chained, slot);
        }
        if (!chained.equals(claimed.state())
                || proofCheck.check(claimed.sequence(), claimed.state(), reply.checkpointProof()) != null) {
            return Optional.empty();
        }
        return Optional.of(new Verified(claimed.sequence(), claimed.state(), toApply));
    }
}
