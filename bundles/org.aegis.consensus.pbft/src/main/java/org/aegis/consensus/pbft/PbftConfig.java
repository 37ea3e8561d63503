package org.aegis.consensus.pbft;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.aegis.consensus.pbft.message.MessageCodec;
import org.aegis.consensus.pbft.ordering.PendingRequests;

/**
 * A replica's configuration. The constructor checks every value and names the one it refuses.
 *
 * @param validators          genesis validators, in the order that picks primaries; empty: this node alone
 * @param maxBatchSize        requests per pre-prepare, 1 to 1024
 * @param batchTimeout        how long the primary waits to fill a batch while earlier ones are in flight
 * @param pipelineWindow      sequence numbers the primary may have in flight (assigned, not executed), 1 to
 *                            2·checkpointInterval (the watermark window)
 * @param checkpointInterval  a checkpoint every this many sequence numbers, 1 to 1024
 * @param viewChangeTimeout   how long a request may wait for execution before the replica suspects the primary;
 *                            doubled after each view change that brings no progress
 * @param maxViewChangeTimeout upper bound of that backoff
 * @param retransmitInterval  how often a replica with work in progress resends its latest messages
 * @param maxProposalsInFlight this replica's own proposals accepted and not yet decided, at most, 1 to
 *                            {@link PendingRequests#CAPACITY}: more are refused at once as busy, so a network that
 *                            cannot keep up bounds what waits instead of queueing without end
 */
public record PbftConfig(List<String> validators, int maxBatchSize, Duration batchTimeout, int pipelineWindow,
        int checkpointInterval, Duration viewChangeTimeout, Duration maxViewChangeTimeout,
        Duration retransmitInterval, int maxProposalsInFlight) {

    public static final int DEFAULT_MAX_BATCH_SIZE = 64;
    public static final long DEFAULT_BATCH_TIMEOUT_MS = 20;
    public static final int DEFAULT_PIPELINE_WINDOW = 16;
    public static final int DEFAULT_CHECKPOINT_INTERVAL = 64;
    public static final long DEFAULT_VIEW_CHANGE_TIMEOUT_MS = 4000;
    public static final long DEFAULT_MAX_VIEW_CHANGE_TIMEOUT_MS = 120_000;
    public static final long DEFAULT_RETRANSMIT_INTERVAL_MS = 1000;
    public static final int DEFAULT_MAX_PROPOSALS_IN_FLIGHT = 1024;

    public PbftConfig {
        validators = List.copyOf(validators);
        if (validators.size() > MessageCodec.MAX_VALIDATORS) {
            throw new IllegalArgumentException("validators: at most " + MessageCodec.MAX_VALIDATORS + ", not "
                    + validators.size());
        }
        if (new HashSet<>(validators).size() != validators.size()) {
            throw new IllegalArgumentException("validators: a peer id is listed twice in " + validators);
        }
        for (String id : validators) {
            if (id.isBlank() || id.length() > MessageCodec.MAX_PEER_ID_BYTES) {
                throw new IllegalArgumentException("validators: '" + id + "' is not a peer id");
            }
        }
        if (maxBatchSize < 1 || maxBatchSize > MessageCodec.MAX_BATCH) {
            throw new IllegalArgumentException("maxBatchSize must be 1 to " + MessageCodec.MAX_BATCH + ", not "
                    + maxBatchSize);
        }
        positiveOrZero("batchTimeout", batchTimeout);
        if (checkpointInterval < 1 || checkpointInterval > 1024) {
            throw new IllegalArgumentException("checkpointInterval must be 1 to 1024, not " + checkpointInterval);
        }
        if (pipelineWindow < 1 || pipelineWindow > 2 * checkpointInterval) {
            throw new IllegalArgumentException("pipelineWindow must be 1 to 2·checkpointInterval = "
                    + 2 * checkpointInterval + ", not " + pipelineWindow);
        }
        positive("viewChangeTimeout", viewChangeTimeout);
        positive("maxViewChangeTimeout", maxViewChangeTimeout);
        if (maxViewChangeTimeout.compareTo(viewChangeTimeout) < 0) {
            throw new IllegalArgumentException("maxViewChangeTimeout " + maxViewChangeTimeout
                    + " is below viewChangeTimeout " + viewChangeTimeout);
        }
        positive("retransmitInterval", retransmitInterval);
        if (maxProposalsInFlight < 1 || maxProposalsInFlight > PendingRequests.CAPACITY) {
            throw new IllegalArgumentException("maxProposalsInFlight must be 1 to " + PendingRequests.CAPACITY
                    + ", not " + maxProposalsInFlight);
        }
    }

    /** The defaults, with the given genesis validators. */
    public static PbftConfig defaults(List<String> validators) {
        return new PbftConfig(validators, DEFAULT_MAX_BATCH_SIZE, Duration.ofMillis(DEFAULT_BATCH_TIMEOUT_MS),
                DEFAULT_PIPELINE_WINDOW, DEFAULT_CHECKPOINT_INTERVAL,
                Duration.ofMillis(DEFAULT_VIEW_CHANGE_TIMEOUT_MS), Duration.ofMillis(DEFAULT_MAX_VIEW_CHANGE_TIMEOUT_MS),
                Duration.ofMillis(DEFAULT_RETRANSMIT_INTERVAL_MS), DEFAULT_MAX_PROPOSALS_IN_FLIGHT);
    }

    /** Sequence numbers accepted above the stable checkpoint (high watermark − low watermark). */
    public int watermarkWindow() {
        return 2 * checkpointInterval;
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + d);
        }
    }

    private static void positiveOrZero(String name, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be zero or positive, not " + d);
        }
    }
}
