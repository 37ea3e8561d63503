package org.aegis.api.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Runs the node's oscillator network and computes its metrics. */
@ProviderType
public interface MetricsEngine {
    /** The latest report; empty until the window holds enough samples. */
    Optional<MetricsReport> current();

    /** Reports kept in the store between {@code from} and {@code to}, one per {@code step}. */
    List<MetricsReport> history(Instant from, Instant to, Duration step);

    /** The analysis behind the latest report (its MIB among others); empty until there is one. */
    Optional<WindowAnalysis> currentAnalysis();

    /** The latest report of every peer heard within the staleness limit, by node id. */
    List<MetricsReport> peers();

    /** The oscillator network at the last tick; empty before the first. */
    Optional<OscillatorState> oscillators();
}
