package org.aegis.consensus.pbft;

import org.aegis.api.identity.NodeIdentity;
import org.aegis.consensus.pbft.message.Message;
import org.aegis.consensus.pbft.message.Signed;
import org.aegis.consensus.pbft.quorum.WeightEpochs;

/** Signs this replica's messages and authenticates its peers': a message counts only when a validator signed it. */
final class Signatures {
    private final NodeIdentity identity;
    private final String self;
    private final WeightEpochs epochs;

    Signatures(NodeIdentity identity, String self, WeightEpochs epochs) {
        this.identity = identity;
        this.self = self;
        this.epochs = epochs;
    }

    Signed sign(Message message) {
        return Signed.sign(self, message, identity::sign);
    }

    /** Null when the message is signed by a validator, else why not. */
    DropReason authenticate(Signed signed) {
        if (!epochs.isValidator(signed.sender())) {
            return DropReason.NOT_VALIDATOR;
        }
        return identity.verify(signed.sender(), signed.signingInput(), signed.signature()) ? null
                : DropReason.BAD_SIGNATURE;
    }

    boolean authentic(Signed signed) {
        return authenticate(signed) == null;
    }
}
