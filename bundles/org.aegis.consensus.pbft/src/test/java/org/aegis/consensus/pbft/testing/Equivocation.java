package org.aegis.consensus.pbft.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.aegis.consensus.pbft.message.Digest;
import org.aegis.consensus.pbft.message.Digests;
import org.aegis.consensus.pbft.message.Message;
import org.aegis.consensus.pbft.message.Message.Checkpoint;
import org.aegis.consensus.pbft.message.Message.Commit;
import org.aegis.consensus.pbft.message.Message.PrePrepare;
import org.aegis.consensus.pbft.message.Message.Prepare;
import org.aegis.consensus.pbft.testing.ByzantineBehaviour.Phase;

/** The conflicting twin of a replica's own message that a {@link ByzantineBehaviour} asks for. */
final class Equivocation {
    private static final byte[] SALT = "aegis/pbft/equivocation".getBytes(StandardCharsets.US_ASCII);

    private Equivocation() {
    }

    /** What {@code peer} gets instead of {@code message}: a conflicting message, or {@code null} for the truth. */
    static Message conflicting(ByzantineBehaviour behaviour, String peer, Message message) {
        if (message instanceof PrePrepare pp && !pp.batch().isEmpty()
                && behaviour.equivocate(peer, Phase.PRE_PREPARE, pp.view(), pp.sequence())) {
            return PrePrepare.of(pp.view(), pp.sequence(), pp.batch().subList(0, pp.batch().size() - 1));
        }
        if (message instanceof Prepare p && behaviour.equivocate(peer, Phase.PREPARE, p.view(), p.sequence())) {
            return new Prepare(p.view(), p.sequence(), other(p.digest()));
        }
        if (message instanceof Commit c && behaviour.equivocate(peer, Phase.COMMIT, c.view(), c.sequence())) {
            return new Commit(c.view(), c.sequence(), other(c.digest()));
        }
        if (message instanceof Checkpoint c && behaviour.equivocate(peer, Phase.CHECKPOINT, -1, c.sequence())) {
            return new Checkpoint(c.sequence(), other(c.state()));
        }
        return null;
    }

    private static Digest other(Digest digest) {
        byte[] input = Arrays.copyOf(SALT, SALT.length + Digest.LENGTH);
        System.arraycopy(digest.bytes(), 0, input, SALT.length, Digest.LENGTH);
        return Digests.sha256(input);
    }
}
