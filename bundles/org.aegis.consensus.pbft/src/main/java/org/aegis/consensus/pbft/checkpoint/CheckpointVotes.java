package org.aegis.consensus.pbft.checkpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongFunction;
import org.aegis.consensus.pbft.message.Digest;
import org.aegis.consensus.pbft.message.Message.Checkpoint;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.quorum.Epoch;

/** The checkpoint messages heard above the stable checkpoint, by sequence number and sender. */
public final class CheckpointVotes {
    /** Outcome of adding a vote. */
    public enum Added { NEW, DUPLICATE, CONFLICTING }

    /** A certificate: the sequence number, the state digest, the signed votes. */
    public record Certificate(long sequence, Digest state, List<Signed> votes) {
    }

    private final TreeMap<Long, Map<String, Signed>> votes = new TreeMap<>();

    public Added add(Signed signed) {
        Checkpoint c = (Checkpoint) signed.message();
        Map<String, Signed> bySender = votes.computeIfAbsent(c.sequence(), s -> new LinkedHashMap<>());
        Signed earlier = bySender.get(signed.sender());
        if (earlier != null) {
            return ((Checkpoint) earlier.message()).state().equals(c.state()) ? Added.DUPLICATE : Added.CONFLICTING;
        }
        bySender.put(signed.sender(), signed);
        return Added.NEW;
    }

    /** The votes for ({@code sequence}, {@code state}) if their weight makes a (strong) certificate. */
    public Optional<Certificate> strong(long sequence, Digest state, Epoch epoch) {
        List<Signed> matching = matching(sequence, state);
        return epoch.strong(matching.stream().map(Signed::sender).toList())
                ? Optional.of(new Certificate(sequence, state, matching)) : Optional.empty();
    }

    /**
     * The highest checkpoint above {@code executed} that a weak certificate vouches for: proof that the replica is
     * behind and of which state to fetch.
     */
    public Optional<Certificate> weakAbove(long executed, LongFunction<Epoch> epochOf) {
        for (Map.Entry<Long, Map<String, Signed>> e : votes.descendingMap().entrySet()) {
            if (e.getKey() <= executed) {
                break;
            }
            Map<Digest, List<Signed>> byState = new LinkedHashMap<>();
            e.getValue().values().forEach(s -> byState.computeIfAbsent(((Checkpoint) s.message()).state(),
                    d -> new ArrayList<>()).add(s));
            for (Map.Entry<Digest, List<Signed>> candidate : byState.entrySet()) {
                if (epochOf.apply(e.getKey()).weak(candidate.getValue().stream().map(Signed::sender).toList())) {
                    return Optional.of(new Certificate(e.getKey(), candidate.getKey(), candidate.getValue()));
                }
            }
        }
        return Optional.empty();
    }

    /** Forgets the votes at or below the stable checkpoint. */
    public void discardUpTo(long stable) {
        votes.headMap(stable, true).clear();
    }

    private List<Signed> matching(long sequence, Digest state) {
        return votes.getOrDefault(sequence, Map.of()).values().stream()
                .filter(s -> ((Checkpoint) s.message()).state().equals(state)).toList();
    }
}
