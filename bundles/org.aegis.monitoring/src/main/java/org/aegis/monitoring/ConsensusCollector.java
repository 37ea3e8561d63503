package org.aegis.monitoring;

import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aegis.api.consensus.ConsensusEngine;
import org.aegis.api.consensus.ConsensusState;
import org.aegis.api.consensus.Validator;
import org.aegis.api.Registration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/** The consensus engine's state, while one runs: decisions, view, checkpoint and the validators' vote weights. */
@Component(service = {})
public final class ConsensusCollector {
    private final ConsensusEngine engine;
    private final Registration registration;

    @Activate
    public ConsensusCollector(@Reference MonitoringRegistry registry, @Reference ConsensusEngine engine) {
        this.engine = engine;
        this.registration = registry.register(this::collect);
    }

    @Deactivate
    void deactivate() {
        registration.close();
    }

    MetricSnapshots collect() {
        ConsensusState state = engine.state();
        Map<Labels, Double> weights = new LinkedHashMap<>();
        for (Validator validator : state.validators().validators()) {
            weights.put(Labels.of("peer", validator.peerId()), (double) validator.weight());
        }
        return new Families()
                .counter("aegis_consensus_decisions", "Decisions committed, by sequence number",
                        state.lastCommitted())
                .gauge("aegis_consensus_view", "The replica's current view", state.view())
                .gauge("aegis_consensus_view_change_in_progress", "1 while the replica changes view",
                        state.viewChangeInProgress() ? 1 : 0)
                .gauge("aegis_consensus_stable_checkpoint", "Sequence number of the last stable checkpoint",
                        state.stableCheckpoint())
                .gauge("aegis_consensus_validators", "Validators of the current weight epoch", weights.size())
                .gauge("aegis_consensus_weight_epoch", "The validator set's weight epoch",
                        state.validators().epoch())
                .gauge("aegis_consensus_vote_weight", "Each validator's vote weight (docs/metrics.md §5)", weights)
                .gauge("aegis_consensus_total_weight", "Sum of the validators' vote weights",
                        state.validators().totalWeight())
                .gauge("aegis_consensus_fault_tolerance_weight",
                        "Largest Byzantine weight the network survives (3f < W)", state.faultToleranceWeight())
                .build();
    }
}
