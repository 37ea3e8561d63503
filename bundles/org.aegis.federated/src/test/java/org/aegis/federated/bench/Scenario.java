package org.aegis.federated.bench;

/**
 * One federated run: which model, how the data are split, which rule aggregates, which attack at which fraction
 * of the clients.
 */
record Scenario(String model, String partition, double alpha, String rule, Attack attack, double fraction) {
    /** How many of {@code clients} are Byzantine. */
    int byzantine(int clients) {
        return (int) Math.round(fraction * clients);
    }

    String key() {
        return model + "/" + partition + "/" + rule + "/" + attack.label() + "/" + Math.round(100 * fraction);
    }
}
