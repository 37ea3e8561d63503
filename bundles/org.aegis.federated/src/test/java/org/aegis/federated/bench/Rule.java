package org.aegis.federated.bench;

import java.util.List;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.federated.aggregation.Bulyan;
import org.aegis.federated.aggregation.CenteredClipping;
import org.aegis.federated.aggregation.CoordinateMedian;
import org.aegis.federated.aggregation.FedAvg;
import org.aegis.federated.aggregation.Krum;
import org.aegis.federated.aggregation.TrimmedMean;

/**
 * A strategy of the bundle and how the bench configures it for n clients with f assumed Byzantine: Krum,
 * Multi-Krum (m = n − f) and Bulyan get f (Bulyan at most ⌊(n − 3)/4⌋, what it accepts), the trimmed mean
 * β = f/n, centred clipping τ = the median norm of the round's updates around the previous aggregate, which
 * is its momentum, and 3 iterations.
 */
record Rule(String name, AggregationStrategy strategy) {
    static List<Rule> all() {
        return List.of(new Rule(FedAvg.NAME, new FedAvg()), new Rule(CoordinateMedian.NAME, new CoordinateMedian()),
                new Rule(TrimmedMean.NAME, new TrimmedMean()), new Rule(Krum.KRUM, Krum.single()),
                new Rule(Krum.MULTI_KRUM, Krum.multi()), new Rule(Bulyan.NAME, new Bulyan()),
                new Rule(CenteredClipping.NAME, new CenteredClipping()));
    }

    static Rule named(String name) {
        return all().stream().filter(r -> r.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no strategy " + name));
    }

    /** The f this rule is run with, given the f the round assumes. */
    int effectiveByzantine(int clients, int assumed) {
        return name.equals(Bulyan.NAME) ? Math.min(assumed, (clients - 3) / 4) : assumed;
    }

    AggregationContext context(int clients, int assumed, List<float[]> updates, float[] previousAggregate) {
        int f = effectiveByzantine(clients, assumed);
        AggregationContext context = AggregationContext.ofAssumedByzantine(f)
                .withTrimFraction(Math.min(0.49, (double) f / clients));
        if (name.equals(CenteredClipping.NAME)) {
            context = context.withClipping(medianDistance(updates, previousAggregate), previousAggregate);
        }
        return context;
    }

    private static double medianDistance(List<float[]> updates, float[] centre) {
        double[] norms = new double[updates.size()];
        for (int i = 0; i < norms.length; i++) {
            float[] x = updates.get(i);
            double sum = 0;
            for (int j = 0; j < x.length; j++) {
                double d = x[j] - (centre.length == 0 ? 0 : centre[j]);
                sum += d * d;
            }
            norms[i] = Math.sqrt(sum);
        }
        java.util.Arrays.sort(norms);
        double median = norms[norms.length / 2];
        return median > 0 ? median : 1e-6;
    }
}
