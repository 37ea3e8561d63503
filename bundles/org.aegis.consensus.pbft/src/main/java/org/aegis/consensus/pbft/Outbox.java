package org.aegis.consensus.pbft;

import org.aegis.consensus.pbft.message.MessageCodec;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.net.PeerLinks;
import org.aegis.consensus.pbft.quorum.WeightEpochs;

/** Sends signed messages to one peer or to every other validator of the current epoch, each encoded once. */
final class Outbox {
    private final String self;
    private final WeightEpochs epochs;
    private final PeerLinks links;

    Outbox(String self, WeightEpochs epochs, PeerLinks links) {
        this.self = self;
        this.epochs = epochs;
        this.links = links;
    }

    void broadcast(Signed signed) {
        byte[] frame = MessageCodec.encode(signed);
        for (var v : epochs.current().set().validators()) {
            if (!v.peerId().equals(self)) {
                links.send(v.peerId(), frame);
            }
        }
    }

    void send(String peer, Signed signed) {
        links.send(peer, MessageCodec.encode(signed));
    }
}
