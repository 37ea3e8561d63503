package org.aegis.itests.simulation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.aegis.api.consensus.Decision;
import org.aegis.api.consensus.Proposal;
import org.aegis.api.consensus.ValidatorSet;
import org.aegis.consensus.pbft.DropReason;
import org.aegis.consensus.pbft.PbftConfig;
import org.aegis.consensus.pbft.Replica;
import org.aegis.testing.InMemoryStore;
import org.aegis.transport.memory.LinkConditions;
import org.aegis.transport.memory.MemoryNetwork;
import org.aegis.transport.memory.VirtualTime;

/**
 * One seeded run of n PBFT replicas on a {@link MemoryNetwork} in {@link VirtualTime}: clients propose unique
 * requests, Byzantine validators play their {@link Role}, the scenario's {@link Faults} strike until GST, after
 * which the network is reliable, partitions are healed and crashed validators restarted from their store. The
 * {@link SafetyChecker} watches the honest replicas throughout; the run ends when every proposal is decided by
 * every honest replica, or {@link #LIVENESS_BOUND} after the last proposal.
 *
 * <p>Everything random comes from the seed, and everything runs on the test's thread, so a seed replays the
 * same run exactly.
 */
public final class Simulation {
    /** After GST and the last proposal, every honest replica decides every proposal within this much time. */
    public static final Duration LIVENESS_BOUND = Duration.ofSeconds(60);
    /** A client that has no decision from the replica it asked within this time asks the next one. */
    static final Duration CLIENT_RETRY = Duration.ofMillis(1500);
    private static final Duration LATENCY = Duration.ofMillis(2);
    private static final Duration JITTER = Duration.ofMillis(3);

    private final Scenario scenario;
    private final long seed;
    private final SplittableRandom random;
    private final VirtualTime time = new VirtualTime();
    private final MemoryNetwork network;
    private final PbftConfig config;
    private final List<TestIdentity> identities = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final Map<String, Adversary> adversaries = new LinkedHashMap<>();
    private final Map<String, InMemoryStore> stores = new LinkedHashMap<>();
    private final Map<String, Replica> replicas = new LinkedHashMap<>();
    private final Map<String, ScheduledExecutorService> executors = new LinkedHashMap<>();
    private final Set<String> crashed = new LinkedHashSet<>();
    private final CappedWeights weights = new CappedWeights();
    private final VerifiedSignatures verified = new VerifiedSignatures();
    private final SafetyChecker checker;
    private final Duration gst;
    private int crashes;
    private int partitions;
    private int requestCounter;

    public Simulation(Scenario scenario, long seed) {
        this.scenario = scenario;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.network = new MemoryNetwork(seed, time);
        int n = scenario.validators();
        for (int i = 0; i < n; i++) {
            TestIdentity identity = new TestIdentity(seed * 1_000 + i, verified);
            identities.add(identity);
            ids.add(identity.peerId());
        }
        int checkpoint = pick(4, 8, 16);
        this.config = new PbftConfig(ids, pick(1, 4, 16), Duration.ofMillis(5),
                Math.min(pick(2, 4, 8), 2 * checkpoint), checkpoint, Duration.ofMillis(400), Duration.ofSeconds(6),
                Duration.ofMillis(150), PbftConfig.DEFAULT_MAX_PROPOSALS_IN_FLIGHT);
        assignRoles();
        Set<String> honest = new HashSet<>(ids);
        honest.removeAll(adversaries.keySet());
        this.checker = new SafetyChecker(honest, time::instant);
        this.gst = Duration.ofMillis(6_000 + random.nextInt(6_000));
    }

    private int pick(int... choices) {
        return choices[random.nextInt(choices.length)];
    }

    /** The equivocating primary is validator 0 (primary of view 0); other roles go to random validators. */
    private void assignRoles() {
        boolean primaryTaken = scenario.byzantine().contains(Role.EQUIVOCATING_PRIMARY);
        List<Integer> free = new ArrayList<>();
        for (int i = primaryTaken ? 1 : 0; i < ids.size(); i++) {
            free.add(i);
        }
        for (Role role : scenario.byzantine()) {
            int index = role == Role.EQUIVOCATING_PRIMARY ? 0 : free.remove(random.nextInt(free.size()));
            adversaries.put(ids.get(index), new Adversary(role, identities.get(index), ids, random.split()));
        }
    }

    public Outcome run() {
        long wallStart = System.nanoTime();
        setUpNetwork();
        for (TestIdentity identity : identities) {
            network.transport(identity);
            stores.put(identity.peerId(), new InMemoryStore());
        }
        network.connectAll();
        adversaries.values().forEach(a -> a.attach(network));
        ids.forEach(this::startReplica);
        scheduleFaults();
        Duration lastProposal = scheduleRequests();
        time.schedule(this::stabilise, gst.toNanos(), TimeUnit.NANOSECONDS);

        Duration quiet = lastProposal.compareTo(gst) > 0 ? lastProposal : gst;
        time.advance(quiet);
        boolean live = time.runUntil(checker::allDecided, LIVENESS_BOUND);
        Duration settledAfter = time.elapsed().minus(quiet);
        if (!live) {
            checker.livenessFailed(LIVENESS_BOUND, states());
        }
        // Let the last messages land, then compare stores and weights.
        time.advance(Duration.ofSeconds(1));
        Map<String, ValidatorSet> sets = new LinkedHashMap<>();
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        replicas.forEach((id, replica) -> {
            if (!adversaries.containsKey(id)) {
                checker.checkStore(id, replica.decisions(1, Integer.MAX_VALUE));
                sets.put(id, replica.validators());
                replica.drops().forEach((reason, count) -> drops.merge(reason, count, Long::sum));
            }
        });
        checker.checkWeights(sets);
        return new Outcome(scenario.name(), seed, ids.size(), checker.proposals(), checker.decisions(),
                time.elapsed().toMillis(), settledAfter.toMillis(), network.totalStats().sent(), crashes, partitions,
                drops, checker.violations(), checker.fingerprint(), (System.nanoTime() - wallStart) / 1_000_000);
    }

    /** Each replica's view, decisions and stable checkpoint, for a failure report. */
    private String states() {
        StringBuilder out = new StringBuilder();
        replicas.forEach((id, replica) -> {
            var s = replica.state();
            Adversary adversary = adversaries.get(id);
            out.append("\n    ").append(id, 0, 12).append(adversary == null ? "" : " " + adversary.role())
                    .append(crashed.contains(id) ? " crashed" : "").append(": view ").append(s.view())
                    .append(s.viewChangeInProgress() ? " (changing)" : "").append(", ").append(s.lastCommitted())
                    .append(" decided, stable ").append(s.stableCheckpoint()).append(", drops ")
                    .append(replica.drops());
        });
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------ replicas

    private void startReplica(String id) {
        ScheduledExecutorService executor = time.newExecutor();
        Replica replica = new Replica(identities.get(ids.indexOf(id)), network.transportOf(id), stores.get(id),
                executor, time.clock(), config, weights);
        replica.onDecision(decision -> checker.delivered(id, decision));
        replicas.put(id, replica);
        executors.put(id, executor);
        replica.start();
    }

    private void crash(String id) {
        replicas.get(id).stop();
        executors.get(id).shutdownNow();
        network.crash(id);
        crashed.add(id);
        crashes++;
    }

    /** A new replica on the crashed one's store, as after a process restart. */
    private void restart(String id) {
        if (!crashed.remove(id)) {
            return;
        }
        network.restart(id);
        for (String other : ids) {
            if (!other.equals(id) && !crashed.contains(other)) {
                network.connect(id, other);
            }
        }
        startReplica(id);
    }

    // ------------------------------------------------------------------------------------------ faults

    private void setUpNetwork() {
        LinkConditions reliable = LinkConditions.reliable(LATENCY).withJitter(JITTER);
        if (scenario.faults() == Faults.LOSSY_LINKS || scenario.faults() == Faults.CHAOS) {
            network.setDefaultConditions(reliable.withDropRate(0.02 + 0.13 * random.nextDouble())
                    .withDuplicateRate(0.1 * random.nextDouble())
                    .withReorder(0.2 * random.nextDouble(), Duration.ofMillis(30))
                    .withUnreliableStreams(true));
        } else {
            network.setDefaultConditions(reliable);
        }
    }

    private void scheduleFaults() {
        boolean crashing = scenario.faults() == Faults.CRASH_RESTART || scenario.faults() == Faults.CHAOS;
        boolean partitioning = scenario.faults() == Faults.PARTITIONS || scenario.faults() == Faults.CHAOS;
        // Crashes keep at most f validators faulty at once, counting the Byzantine ones, but always allow one.
        int maxDown = Math.max(1, Scenario.faultTolerance(ids.size()) - adversaries.size());
        long t = 0;
        while (crashing && (t += 500 + random.nextInt(2_000)) < gst.toMillis()) {
            String victim = ids.get(random.nextInt(ids.size()));
            long downFor = 300 + random.nextInt(3_000);
            at(t, () -> {
                if (!adversaries.containsKey(victim) && !crashed.contains(victim) && crashed.size() < maxDown) {
                    crash(victim);
                    at(time.elapsed().toMillis() + downFor, () -> restart(victim));
                }
            });
        }
        t = 0;
        while (partitioning && (t += 1_000 + random.nextInt(2_500)) < gst.toMillis()) {
            Set<String> side = new HashSet<>();
            int size = 1 + random.nextInt(ids.size() - 1);
            List<String> shuffled = new ArrayList<>(ids);
            while (side.size() < size) {
                side.add(shuffled.remove(random.nextInt(shuffled.size())));
            }
            long healAfter = 200 + random.nextInt(2_500);
            at(t, () -> {
                network.partition(side);
                partitions++;
                at(time.elapsed().toMillis() + healAfter, network::heal);
            });
        }
    }

    /** GST: reliable links, no partition, every crashed validator back. Byzantine ones keep misbehaving. */
    private void stabilise() {
        network.setDefaultConditions(LinkConditions.reliable(LATENCY).withJitter(JITTER));
        network.heal();
        List.copyOf(crashed).forEach(this::restart);
        network.connectAll();
    }

    private void at(long millis, Runnable task) {
        time.schedule(task, Math.max(0, millis - time.elapsed().toMillis()), TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------------------------------ requests

    /** Client requests until shortly after GST, and in weighted scenarios each validator's metric reports. */
    private Duration scheduleRequests() {
        int requests = 15 + random.nextInt(25);
        long last = 0;
        for (int i = 0; i < requests; i++) {
            long t = random.nextLong(gst.toMillis() + 2_000);
            last = Math.max(last, t);
            byte[] payload = new byte[random.nextInt(512)];
            random.nextBytes(payload);
            String client = "client-" + random.nextInt(3);
            int home = random.nextInt(ids.size());
            at(t, () -> submit(new Proposal("req-" + (++requestCounter), "sim", payload, client), home, 0, true));
        }
        if (scenario.weighted()) {
            for (String id : ids) {
                if (adversaries.containsKey(id) && adversaries.get(id).role() == Role.SILENT) {
                    continue; // it sends nothing, reports included
                }
                for (int report = 0; report < 2; report++) {
                    long t = random.nextLong(gst.toMillis());
                    last = Math.max(last, t);
                    double level = random.nextDouble();
                    int home = ids.indexOf(id);
                    String name = "report-" + home + "-" + report;
                    at(t, () -> submit(metricsReport(name, id, level), home, 0, false));
                }
            }
        }
        return Duration.ofMillis(last);
    }

    /** A metrics-report proposal as docs/architecture.md's metrics message; only its signer's own report counts. */
    private static Proposal metricsReport(String name, String node, double level) {
        String json = "{\"timestamp\": 0.0, \"node_id\": \"" + node + "\", \"mean_phase\": 0.0,"
                + " \"consciousness_metrics\": {\"phi\": 0.0, \"coherence\": 0.0, \"stability\": 0.0,"
                + " \"divergence\": 0.0, \"consciousness_level\": " + level + "}}";
        return new Proposal(name, "metrics-report", json.getBytes(StandardCharsets.UTF_8), node);
    }

    /**
     * Asks one replica; without a decision from it in time, asks it again or, when {@code rotate}, the next, as a
     * PBFT client retransmits. A validator's own metric report is only ever proposed by that validator.
     */
    private void submit(Proposal proposal, int home, int attempt, boolean rotate) {
        String target = ids.get((home + (rotate ? attempt : 0)) % ids.size());
        checker.proposed(proposal);
        Replica replica = replicas.get(target);
        CompletableFuture<Decision> answer = crashed.contains(target)
                ? CompletableFuture.failedFuture(new IllegalStateException(target + " is down"))
                : replica.propose(proposal).toCompletableFuture();
        time.schedule(() -> {
            if (!answer.isDone() || answer.isCompletedExceptionally()) {
                submit(proposal, home, attempt + 1, rotate);
            }
        }, CLIENT_RETRY.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** What one run did and found. */
    public record Outcome(String scenario, long seed, int validators, int proposals, int decisions,
            long virtualMillis, long settledAfterMillis, long messages, int crashes, int partitions,
            Map<DropReason, Long> drops, List<String> violations, int fingerprint, long wallMillis) {
    }
}
