package org.aegis.node.state;

import java.io.IOException;
import java.util.Map;

/** The side effects of decisions outside the store; each must be idempotent, since a crash may repeat it. */
interface Effects {
    /** Merges {@code properties} into the configuration {@code pid}; no change when they are already there. */
    void mergeConfiguration(String pid, Map<String, Object> properties) throws IOException;
}
