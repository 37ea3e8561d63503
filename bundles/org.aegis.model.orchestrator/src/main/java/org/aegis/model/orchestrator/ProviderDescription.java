package org.aegis.model.orchestrator;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.aegis.api.model.ModelInfo;

/** Reads what a provider says it is and serves, keeping only usable entries. */
final class ProviderDescription {
    private ProviderDescription() {
    }

    /** On a caller thread: calls into the provider. A provider that fails keeps what it said before. */
    static void read(ProviderSlot slot) {
        try {
            String id = slot.provider().id();
            List<ModelInfo> models = slot.provider().models();
            if (id == null || id.isBlank()) {
                slot.stats().problem("provider has no id");
                id = slot.id();
            }
            if (models == null) {
                slot.stats().problem("provider gave no model list");
                return;
            }
            List<ModelInfo> usable = new ArrayList<>();
            for (ModelInfo info : models) {
                if (info != null && info.id() != null && !info.id().isBlank()) {
                    usable.add(new ModelInfo(info.id(), id,
                            info.capabilities() == null ? Set.of() : Set.copyOf(info.capabilities())));
                }
            }
            slot.described(id, usable);
        } catch (RuntimeException e) {
            slot.stats().problem("could not read its models: " + Router.describe(e));
        }
    }
}
