package org.aegis.consensus.pbft.testing;

import java.util.Objects;
import java.util.function.Function;
import org.aegis.consensus.pbft.message.MalformedMessageException;
import org.aegis.consensus.pbft.message.Message;
import org.aegis.consensus.pbft.message.MessageCodec;
import org.aegis.consensus.pbft.message.Signed;

/**
 * Makes a replica lie with its own key, from the network: of the frames the replica sends, each of its own messages
 * that its {@link ByzantineBehaviour} wants to lie about to that peer is replaced by the conflicting twin, signed as
 * the replica signs. Frames carrying others' messages pass unchanged.
 */
public final class Equivocator implements OutboundFilter {
    private final String self;
    private final Function<byte[], byte[]> signer;
    private final ByzantineBehaviour behaviour;

    /**
     * @param self      the replica's peer id
     * @param signer    the replica's key (its identity's {@code sign})
     * @param behaviour whom to lie to, about what
     */
    public Equivocator(String self, Function<byte[], byte[]> signer, ByzantineBehaviour behaviour) {
        this.self = Objects.requireNonNull(self, "self");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
    }

    @Override
    public byte[] filter(String peerId, byte[] frame) {
        Signed signed;
        try {
            signed = MessageCodec.decode(frame);
        } catch (MalformedMessageException e) {
            throw new IllegalArgumentException("not a frame a replica sends", e);
        }
        if (!signed.sender().equals(self)) {
            return frame;
        }
        Message lie = Equivocation.conflicting(behaviour, peerId, signed.message());
        return lie == null ? frame : MessageCodec.encode(Signed.sign(self, lie, signer));
    }
}
