package org.aegis.metrics;

/**
 * The node's network and its window, with the settings they run with. Owned by the tick thread: nothing here is
 * thread-safe.
 */
final class Simulation {
    private final long seed;
    private final OscillatorNetwork network;
    private final PhaseRingBuffer window;
    private MetricsSettings settings;
    /** Ticks since Φ last started; starts "due", so the first report comes as soon as the window allows. */
    private long ticksSincePhi = Long.MAX_VALUE / 2;

    private Simulation(MetricsSettings settings, long seed) {
        this.settings = settings;
        this.seed = seed;
        this.network = OscillatorNetwork.metatron(settings.dt(), seed, settings.dynamics());
        this.window = new PhaseRingBuffer(settings.window(), network.oscillators());
    }

    /** A new network, seeded with the configured seed or, when that is 0, one derived from the peer id. */
    static Simulation create(MetricsSettings settings, String peerId) {
        return new Simulation(settings, Seeds.effective(settings.seed(), peerId));
    }

    /**
     * Switches to {@code next}: a new network and an empty window when T, the seed or the tick rate change (dt is
     * part of the dynamics), otherwise the same network with the new parameters.
     */
    Simulation adopt(MetricsSettings next, String peerId) {
        if (settings.rebuildsNetwork(next)) {
            return create(next, peerId);
        }
        network.setParameters(next.dynamics());
        settings = next;
        return this;
    }

    /** One Euler–Maruyama step, then the new phases into the window. */
    void step(double[] peerPhases, int peerCount) {
        network.step(peerPhases, peerCount);
        window.append(network.phasesView());
    }

    /** Counts a tick towards the next Φ; true (and restarts the count) when Φ is due. */
    boolean phiDue(long ticksPerPhi) {
        if (++ticksSincePhi >= ticksPerPhi) {
            ticksSincePhi = 0;
            return true;
        }
        return false;
    }

    MetricsSettings settings() {
        return settings;
    }

    long seed() {
        return seed;
    }

    OscillatorNetwork network() {
        return network;
    }

    PhaseRingBuffer window() {
        return window;
    }
}
