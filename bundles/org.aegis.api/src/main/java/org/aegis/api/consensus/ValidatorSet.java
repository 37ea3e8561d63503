package org.aegis.api.consensus;

import java.util.List;

/**
 * The validators of one weight epoch.
 *
 * @param epoch       the weight epoch, which starts at a checkpoint
 * @param validators  the validators, in a fixed order
 * @param totalWeight sum of the weights (W)
 */
public record ValidatorSet(long epoch, List<Validator> validators, long totalWeight) {
}
