package org.aegis.federated.aggregation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.aegis.api.federated.Aggregate;
import org.aegis.api.federated.AggregationContext;
import org.aegis.api.federated.AggregationStrategy;
import org.aegis.api.federated.ClientUpdate;
import org.aegis.api.federated.UpdateOutcome;

/**
 * Krum and Multi-Krum (Blanchard et al. 2017). Krum picks the one update with the lowest score; Multi-Krum
 * averages the m lowest-scored ones (option {@value #SELECTION_OPTION}, default n − f). Needs n ≥ 2f + 3.
 */
public final class Krum implements AggregationStrategy {
    public static final String KRUM = "krum";
    public static final String MULTI_KRUM = "multi-krum";
    /** Context option: how many updates Multi-Krum averages. */
    public static final String SELECTION_OPTION = "multi-krum.selection";

    private final boolean multi;

    private Krum(boolean multi) {
        this.multi = multi;
    }

    public static Krum single() {
        return new Krum(false);
    }

    public static Krum multi() {
        return new Krum(true);
    }

    @Override
    public String name() {
        return multi ? MULTI_KRUM : KRUM;
    }

    @Override
    public Aggregate aggregate(List<ClientUpdate> updates, AggregationContext context) {
        UpdateMatrix m = UpdateMatrix.of(updates, name());
        int f = context.assumedByzantine();
        KrumScores.requireEnough(m.size, f, name());
        int selection = multi ? context.intOption(SELECTION_OPTION, m.size - f) : 1;
        if (selection < 1 || selection > m.size) {
            throw new IllegalArgumentException(name() + " selection must be in [1, " + m.size + "], was "
                    + selection);
        }
        double[] scores = KrumScores.scores(m, f);
        int[] ranking = KrumScores.ranking(scores);
        int[] chosen = Arrays.copyOf(ranking, selection);
        return new Aggregate(m.mean(chosen), outcomes(m, scores, ranking, selection, name()));
    }

    /** Accepted for the selected, outvoted with their score's rank for the others, in update order. */
    static List<UpdateOutcome> outcomes(UpdateMatrix m, double[] scores, int[] ranking, int selection,
            String strategy) {
        int[] rank = new int[m.size];
        for (int r = 0; r < ranking.length; r++) {
            rank[ranking[r]] = r;
        }
        List<UpdateOutcome> outcomes = new ArrayList<>(m.size);
        for (int i = 0; i < m.size; i++) {
            if (rank[i] < selection) {
                outcomes.add(UpdateOutcome.accepted(m.sender(i), 1.0 / selection));
            } else {
                outcomes.add(UpdateOutcome.outvoted(m.sender(i), String.format(java.util.Locale.ROOT,
                        "%s: update of %s has Krum score %.6g, rank %d of %d, only %d selected", strategy,
                        m.sender(i), scores[i], rank[i] + 1, m.size, selection)));
            }
        }
        return outcomes;
    }
}
