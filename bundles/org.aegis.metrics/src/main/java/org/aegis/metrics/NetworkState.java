package org.aegis.metrics;

import java.util.List;
import org.aegis.api.metrics.GlobalState;
import org.aegis.api.metrics.MetricsReport;

/** The network's metrics as this node sees them (docs/metrics.md §4). Pure. */
final class NetworkState {
    /**
     * System health while there is no validator set: "live validators / configured validators" is 1 until
     * consensus defines the validator set (a lone node counts as its own, live, validator).
     */
    static final double SYSTEM_HEALTH_WITHOUT_VALIDATORS = 1.0;

    private NetworkState() {
    }

    /**
     * From the node's own mean phase and C, and the peers heard within the staleness limit:
     * network_coherence = |mean_j e^{iΨ_j}|, collective_awareness = mean C, both over the node and its peers.
     */
    static GlobalState of(double ownMeanPhase, double ownLevel, List<MetricsReport> peers) {
        double re = Math.cos(ownMeanPhase);
        double im = Math.sin(ownMeanPhase);
        double level = ownLevel;
        for (MetricsReport peer : peers) {
            re += Math.cos(peer.meanPhase());
            im += Math.sin(peer.meanPhase());
            level += peer.metrics().consciousnessLevel();
        }
        int nodes = peers.size() + 1;
        double coherence = Math.min(1.0, Math.hypot(re, im) / nodes);
        return new GlobalState(coherence, level / nodes, SYSTEM_HEALTH_WITHOUT_VALIDATORS);
    }
}
