package org.aegis.federated.validation;

import java.util.List;
import org.aegis.api.federated.ClientUpdate;
import org.aegis.api.federated.UpdateOutcome;

/**
 * The updates of a round split by the validator.
 *
 * @param accepted the valid updates, in their original order
 * @param rejected one {@link UpdateOutcome.Status#REJECTED} outcome per invalid update, in their original order
 */
public record ValidatedUpdates(List<ClientUpdate> accepted, List<UpdateOutcome> rejected) {
    public ValidatedUpdates {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }
}
