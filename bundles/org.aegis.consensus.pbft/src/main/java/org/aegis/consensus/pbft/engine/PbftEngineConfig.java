package org.aegis.consensus.pbft.engine;

import org.aegis.consensus.pbft.PbftConfig;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the PBFT engine (PID {@code org.aegis.consensus.pbft}); checked by {@link PbftSettings}. */
@ObjectClassDefinition(id = PbftEngineConfig.PID, name = "AEGIS weighted PBFT",
        description = "The consensus engine: weighted PBFT with batching, checkpoints, view change and state transfer.")
public @interface PbftEngineConfig {
    String PID = "org.aegis.consensus.pbft";

    @AttributeDefinition(name = "Validators", required = false,
            description = "Peer ids of the genesis validators, in the order that picks primaries (view mod n)."
                    + " Empty: this node alone, which decides at once. Later changes only by a committed"
                    + " decision of kind 'validators'.")
    String[] validators() default {};

    @AttributeDefinition(name = "Max batch size", description = "Requests per pre-prepare, 1 to 1024.")
    int maxBatchSize() default 64;

    @AttributeDefinition(name = "Batch timeout (ms)",
            description = "How long the primary waits to fill a batch while earlier ones are in flight; 0 to 60000.")
    long batchTimeoutMs() default 20;

    @AttributeDefinition(name = "Pipeline window",
            description = "Sequence numbers in flight at once, 1 to 2 × checkpoint interval.")
    int pipelineWindow() default 16;

    @AttributeDefinition(name = "Checkpoint interval",
            description = "A checkpoint every this many sequence numbers, 1 to 1024; the watermark window is twice"
                    + " this.")
    int checkpointInterval() default 64;

    @AttributeDefinition(name = "View-change timeout (ms)",
            description = "How long a request may wait before the primary is suspected (the view changes once a"
                    + " weak certificate of validators suspects it); doubled after each view change without progress."
                    + " 1 to 3600000.")
    long viewChangeTimeoutMs() default 4000;

    @AttributeDefinition(name = "Max view-change timeout (ms)",
            description = "Upper bound of the backoff, at least the view-change timeout, at most 86400000.")
    long maxViewChangeTimeoutMs() default 120_000;

    @AttributeDefinition(name = "Retransmit interval (ms)",
            description = "How often a replica with work in progress resends its latest messages; 1 to 3600000.")
    long retransmitIntervalMs() default 1000;

    @AttributeDefinition(name = "Max proposals in flight",
            description = "This node's own proposals accepted and not yet decided, at most, 1 to 65536; more are"
                    + " refused at once (REST: 503 with Retry-After), so a network that cannot keep up refuses early"
                    + " instead of queueing without bound.")
    int maxProposalsInFlight() default PbftConfig.DEFAULT_MAX_PROPOSALS_IN_FLIGHT;

    @AttributeDefinition(name = "Metrics report interval (ms)",
            description = "How often this validator proposes its signed metrics report (kind 'metrics-report'),"
                    + " whose C sets its vote weight; 0 disables, else 1000 to 86400000.")
    long metricsReportIntervalMs() default 60_000;
}
