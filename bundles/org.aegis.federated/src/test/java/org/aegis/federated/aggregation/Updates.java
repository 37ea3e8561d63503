package org.aegis.federated.aggregation;

import java.util.ArrayList;
import java.util.List;
import org.aegis.api.federated.ClientUpdate;

/** Test helpers that build updates. */
final class Updates {
    private Updates() {
    }

    /** One update per row, senders c0, c1, …, each of 10 samples. */
    static List<ClientUpdate> of(float[]... rows) {
        List<ClientUpdate> updates = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            updates.add(new ClientUpdate("c" + i, 10, rows[i]));
        }
        return updates;
    }

    /** One-dimensional updates. */
    static List<ClientUpdate> scalars(float... values) {
        float[][] rows = new float[values.length][];
        for (int i = 0; i < values.length; i++) {
            rows[i] = new float[] {values[i]};
        }
        return of(rows);
    }
}
