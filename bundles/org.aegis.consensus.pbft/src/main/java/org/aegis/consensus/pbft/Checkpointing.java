package org.aegis.consensus.pbft;

import java.util.ArrayList;
import java.util.List;
import org.aegis.consensus.pbft.checkpoint.CheckpointVotes;
import org.aegis.consensus.pbft.message.Digest;
import org.aegis.consensus.pbft.message.Message.Checkpoint;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.persist.ReplicaStore;
import org.aegis.consensus.pbft.persist.ReplicaStore.Executed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints: every {@code checkpointInterval} executed sequence numbers this replica signs its state, and once a
 * certificate of validators signed the same state the checkpoint is stable, the low watermark moves up and the log
 * below it goes.
 */
final class Checkpointing {
    private static final Logger LOG = LoggerFactory.getLogger(Replica.class);

    private final ReplicaContext c;
    private final ReplicaState s;
    private final CheckpointVotes votes = new CheckpointVotes();
    /** This replica's checkpoint message until it is stable (resent meanwhile). */
    private Signed mine;

    Checkpointing(ReplicaContext c) {
        this.c = c;
        this.s = c.state;
    }

    /** {@code sequence} executed: at a checkpoint, this replica signs and sends its state. */
    void executed(long sequence) {
        if (sequence % c.config.checkpointInterval() == 0) {
            mine = c.signatures.sign(new Checkpoint(sequence, s.state));
            votes.add(mine);
            c.outbox.broadcast(mine);
            checkStable(sequence);
        }
    }

    /** This replica's checkpoint message not yet stable, or null. */
    Signed unstable() {
        return mine;
    }

    DropReason onCheckpoint(Signed signed) {
        Checkpoint checkpoint = (Checkpoint) signed.message();
        if (checkpoint.sequence() <= s.stable) {
            return DropReason.OUT_OF_WINDOW;
        }
        if (checkpoint.sequence() % c.config.checkpointInterval() != 0) {
            return DropReason.INVALID;
        }
        if (checkpoint.sequence() > s.stable + c.config.watermarkWindow()) {
            // Beyond what is kept: a hint that this replica is behind, checked by state transfer, never stored.
            c.stateManager.requestState(List.of(signed.sender()));
            return DropReason.OUT_OF_WINDOW;
        }
        switch (votes.add(signed)) {
            case DUPLICATE:
                return DropReason.REPLAYED;
            case CONFLICTING:
                return DropReason.CONFLICTING;
            default:
                break;
        }
        if (checkpoint.sequence() <= s.lastExecuted) {
            checkStable(checkpoint.sequence());
        } else {
            votes.weakAbove(s.lastExecuted, s::epochFor)
                    .ifPresent(cert -> c.stateManager.requestState(cert.votes().stream().map(Signed::sender).toList()));
        }
        return null;
    }

    private void checkStable(long sequence) {
        if (sequence <= s.stable || sequence > s.lastExecuted) {
            return;
        }
        Digest executedState = stateAt(sequence);
        if (executedState == null) {
            return;
        }
        votes.strong(sequence, executedState, s.epochFor(sequence))
                .ifPresent(cert -> makeStable(sequence, executedState, cert.votes()));
    }

    /** This replica's state after executing {@code sequence}, if it still knows it. */
    Digest stateAt(long sequence) {
        return sequence == s.lastExecuted ? s.state
                : c.store.executed(sequence).map(Executed::state).orElse(null);
    }

    /** A checkpoint with a certificate: the low watermark moves up and the log below it goes. */
    void makeStable(long sequence, Digest digest, List<Signed> proof) {
        List<Long> collected = new ArrayList<>(s.log.headMap(sequence, true).keySet());
        s.epochs.prune(sequence);
        byte[] epochBytes = s.epochs.encode();
        c.store.write(b -> {
            ReplicaStore.putStable(b, sequence, digest, proof);
            collected.forEach(n -> ReplicaStore.removeSlot(b, n));
            ReplicaStore.putEpochs(b, epochBytes);
        });
        // Slots of sequence numbers never pre-prepared here were never written; removing them is harmless.
        s.stable = sequence;
        s.stableState = digest;
        s.log.headMap(sequence, true).clear();
        votes.discardUpTo(sequence);
        if (mine != null && ((Checkpoint) mine.message()).sequence() <= sequence) {
            mine = null;
        }
        LOG.debug("{}: checkpoint {} is stable", s.self, sequence);
        c.acceptor.orderIfPrimary(false);
    }
}
