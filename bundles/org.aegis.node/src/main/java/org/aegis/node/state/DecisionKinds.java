package org.aegis.node.state;

/** The proposal kinds the state machine interprets; any other kind is recorded as an accepted outcome. */
final class DecisionKinds {
    /** {@code {"pid": "org.aegis.…", "properties": {…}}}: merged into that configuration. */
    static final String CONFIG = "config";
    /** {@code {"model": "…", "version": "…", "digest": "…"}}: the model version the network runs. */
    static final String MODEL_VERSION = "model-version";
    /** {@code {"validators": ["12D3KooW…", …]}}: the validator set; the consensus engine acts on it itself. */
    static final String VALIDATORS = "validators";

    private DecisionKinds() {
    }
}
