package org.aegis.federated.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Which runs a bench makes. {@code full}: logistic regression on IID clients against every attack at 20 % and
 * 30 % with every rule; on Dirichlet(0.5) and Dirichlet(0.1) clients every rule clean, and FedAvg, the median,
 * Multi-Krum and centred clipping against every attack at 20 %; the MLP clean with every rule on the three
 * partitions. {@code iid}: the IID logistic matrix and the MLP clean on IID only. {@code smoke}: a handful of
 * runs to check the wiring.
 */
record ExperimentPlan(String name, List<Scenario> scenarios, List<String> centralisedModels) {
    static final String LOGISTIC = "logistic";
    static final String MLP = "mlp:32";
    static final List<String> NON_IID_ATTACKED = List.of("fedavg", "median", "multi-krum", "centered-clipping");
    static final double IID = 0;
    static final double[] SKEWS = {0.5, 0.1};

    static ExperimentPlan named(String name) {
        List<Scenario> scenarios = new ArrayList<>();
        switch (name) {
            case "full" -> {
                attackMatrix(scenarios, LOGISTIC, IID, new double[] {0.2, 0.3}, allRules());
                for (double alpha : SKEWS) {
                    attackMatrix(scenarios, LOGISTIC, alpha, new double[] {0.2}, NON_IID_ATTACKED);
                }
                cleanMatrix(scenarios, MLP, IID);
                for (double alpha : SKEWS) {
                    cleanMatrix(scenarios, MLP, alpha);
                }
            }
            case "iid" -> {
                attackMatrix(scenarios, LOGISTIC, IID, new double[] {0.2, 0.3}, allRules());
                cleanMatrix(scenarios, MLP, IID);
            }
            case "smoke" -> {
                scenarios.add(scenario(LOGISTIC, IID, "fedavg", Attack.NONE, 0));
                scenarios.add(scenario(LOGISTIC, IID, "median", Attack.ALIE, 0.2));
                scenarios.add(scenario(LOGISTIC, 0.1, "centered-clipping", Attack.SCALING, 0.2));
                scenarios.add(scenario(MLP, IID, "fedavg", Attack.NONE, 0));
            }
            default -> throw new IllegalArgumentException("no plan " + name + " (full, iid, smoke)");
        }
        return new ExperimentPlan(name, List.copyOf(scenarios), List.of(LOGISTIC, MLP));
    }

    private static List<String> allRules() {
        return Rule.all().stream().map(Rule::name).toList();
    }

    private static void attackMatrix(List<Scenario> into, String model, double alpha, double[] fractions,
            List<String> attackedRules) {
        cleanMatrix(into, model, alpha);
        for (double fraction : fractions) {
            for (Attack attack : Attack.values()) {
                if (attack != Attack.NONE) {
                    for (String rule : attackedRules) {
                        into.add(scenario(model, alpha, rule, attack, fraction));
                    }
                }
            }
        }
    }

    private static void cleanMatrix(List<Scenario> into, String model, double alpha) {
        for (Rule rule : Rule.all()) {
            into.add(scenario(model, alpha, rule.name(), Attack.NONE, 0));
        }
    }

    private static Scenario scenario(String model, double alpha, String rule, Attack attack, double fraction) {
        return new Scenario(model, Partitions.name(alpha), alpha, rule, attack, fraction);
    }
}
