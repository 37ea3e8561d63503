package org.aegis.itests.simulation;

import java.util.List;

/**
 * One kind of simulated run; a seed fixes everything else (which validators misbehave and when, link
 * conditions, the faults' timing, the requests, the protocol's batch size and checkpoint interval).
 *
 * @param name       short name used in reports
 * @param validators n
 * @param byzantine  the roles of the Byzantine validators, at most f = ⌊(n−1)/3⌋
 * @param faults     network and crash faults until GST
 * @param weighted   whether validators commit metric reports with random consciousness levels, so that votes
 *                   weigh differently (docs/metrics.md §5) from the first checkpoint after them
 */
public record Scenario(String name, int validators, List<Role> byzantine, Faults faults, boolean weighted) {

    public Scenario {
        byzantine = List.copyOf(byzantine);
        if (byzantine.size() > faultTolerance(validators)) {
            throw new IllegalArgumentException(name + ": " + byzantine.size() + " Byzantine validators of "
                    + validators + ", more than f = " + faultTolerance(validators));
        }
        if (byzantine.stream().filter(r -> r == Role.EQUIVOCATING_PRIMARY).count() > 1) {
            throw new IllegalArgumentException(name + ": one equivocating primary at most (it is validator 0)");
        }
    }

    public static int faultTolerance(int n) {
        return (n - 1) / 3;
    }

    /** The scenarios a seed picks from: seed mod the list's size. */
    public static final List<Scenario> ALL = List.of(
            new Scenario("honest-lossy-n4", 4, List.of(), Faults.LOSSY_LINKS, false),
            new Scenario("equivocating-primary-n4", 4, List.of(Role.EQUIVOCATING_PRIMARY), Faults.NONE, false),
            new Scenario("conflicting-votes-n7", 7, List.of(Role.CONFLICTING_VOTES, Role.CONFLICTING_VOTES),
                    Faults.LOSSY_LINKS, false),
            new Scenario("forger-replayer-n7", 7, List.of(Role.FORGER, Role.REPLAYER), Faults.NONE, true),
            new Scenario("silent-n10", 10, List.of(Role.SILENT, Role.SILENT, Role.SILENT), Faults.NONE, false),
            new Scenario("flooder-n4", 4, List.of(Role.FLOODER), Faults.LOSSY_LINKS, false),
            new Scenario("crash-restart-n7", 7, List.of(), Faults.CRASH_RESTART, true),
            new Scenario("partitions-n10", 10, List.of(), Faults.PARTITIONS, false),
            new Scenario("equivocating-primary-crash-n7", 7, List.of(Role.EQUIVOCATING_PRIMARY),
                    Faults.CRASH_RESTART, false),
            new Scenario("byzantine-mix-chaos-n10", 10,
                    List.of(Role.EQUIVOCATING_PRIMARY, Role.CONFLICTING_VOTES, Role.FLOODER), Faults.CHAOS, true),
            new Scenario("weighted-partitions-n4", 4, List.of(Role.SILENT), Faults.PARTITIONS, true),
            new Scenario("forger-chaos-n10", 10, List.of(Role.FORGER, Role.REPLAYER, Role.SILENT), Faults.CHAOS,
                    false));

    public static Scenario forSeed(long seed) {
        return ALL.get((int) Math.floorMod(seed, (long) ALL.size()));
    }
}
