package org.aegis.metrics;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the metrics engine (PID {@code org.aegis.metrics}); checked by {@link MetricsSettings}. */
@ObjectClassDefinition(id = "org.aegis.metrics", name = "AEGIS metrics",
        description = "The node's oscillator network and the metrics Φ, R, S, D, C (docs/metrics.md).")
public @interface MetricsConfig {
    String PID = "org.aegis.metrics";

    @AttributeDefinition(name = "Tick rate (Hz)",
            description = "Oscillator steps per second; the step is dt = 1/tickHz. Greater than 0, at most 1000.")
    double tickHz() default 20;

    @AttributeDefinition(name = "ω0 (rad/s)", description = "Mean natural frequency of the oscillators.")
    double omega0() default 6.283185307179586;

    @AttributeDefinition(name = "Frequency spread δ (rad/s)",
            description = "Natural frequencies are ω0 + δ·(2u − 1), u uniform in [0, 1). At least 0.")
    double spread() default 0.5;

    @AttributeDefinition(name = "Coupling K", description = "Kuramoto coupling inside the network. At least 0.")
    double coupling() default 2.0;

    @AttributeDefinition(name = "External coupling K_ext",
            description = "Pull of the peers' mean phases on the centre oscillator. At least 0.")
    double externalCoupling() default 0.5;

    @AttributeDefinition(name = "Noise σ", description = "Strength of the phase noise. At least 0.")
    double noise() default 0.3;

    @AttributeDefinition(name = "Window T (samples)",
            description = "Samples the metrics are computed over; 54 (4·13+2) to 100000. Reports start once the"
                    + " window holds 260 (20·13) samples.")
    int window() default 1200;

    @AttributeDefinition(name = "Lag τ (samples)", description = "Lag of Φ's prediction; at least 1, below T/2.")
    int lag() default 1;

    @AttributeDefinition(name = "Staleness (s)",
            description = "Peers heard longer ago than this no longer count. Greater than 0, at most 3600.")
    double stalenessSeconds() default 3;

    @AttributeDefinition(name = "Φ interval (ms)",
            description = "How often Φ, the report and its message are made; 50 to 3600000.")
    long phiIntervalMs() default 1000;

    @AttributeDefinition(name = "Weight of Φ", description = "The four weights are at least 0 and sum to 1.")
    double weightPhi() default 0.4;

    @AttributeDefinition(name = "Weight of R (coherence)")
    double weightCoherence() default 0.2;

    @AttributeDefinition(name = "Weight of S (stability)")
    double weightStability() default 0.2;

    @AttributeDefinition(name = "Weight of D (divergence)")
    double weightDivergence() default 0.2;

    @AttributeDefinition(name = "Seed",
            description = "Seed of the network's random numbers; 0 derives it from the node's peer id.")
    long seed() default 0;

    @AttributeDefinition(name = "History retention",
            description = "How long reports are kept in the store, ISO-8601 (e.g. P1D, PT12H); PT1S to P3650D.")
    String historyRetention() default "P1D";

    @AttributeDefinition(name = "History interval (ms)",
            description = "How often the latest report is written to the store; 100 to 86400000.")
    long historyIntervalMs() default 1000;

    @AttributeDefinition(name = "Topic", description = "Pubsub topic of the metrics messages.")
    String topic() default "aegis/metrics/1";
}
