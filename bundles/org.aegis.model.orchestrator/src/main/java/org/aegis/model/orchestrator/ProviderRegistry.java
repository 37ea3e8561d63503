package org.aegis.model.orchestrator;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aegis.api.model.ModelInfo;
import org.aegis.api.model.ModelProvider;

/** The bound providers and the questions routing asks about them. */
final class ProviderRegistry {
    /** Highest service ranking first, then by id: the order "first" means. */
    private static final Comparator<ProviderSlot> PREFERENCE = Comparator.comparingInt(ProviderSlot::ranking)
            .reversed().thenComparing(ProviderSlot::id);

    private final CopyOnWriteArrayList<ProviderSlot> slots = new CopyOnWriteArrayList<>();

    void add(ProviderSlot slot) {
        slots.add(slot);
    }

    /** The slot of this provider object, if bound. */
    Optional<ProviderSlot> find(ModelProvider provider) {
        return slots.stream().filter(s -> s.provider() == provider).findFirst();
    }

    Optional<ProviderSlot> remove(ModelProvider provider) {
        Optional<ProviderSlot> slot = find(provider);
        slot.ifPresent(slots::remove);
        return slot;
    }

    List<ProviderSlot> all() {
        return slots.stream().sorted(PREFERENCE).toList();
    }

    boolean isEmpty() {
        return slots.isEmpty();
    }

    /** The providers that serve the model with the capability, in the order requests should try them. */
    List<ProviderSlot> candidates(String model, String capability) {
        return slots.stream().filter(s -> s.serves(model, capability)).sorted(ProviderSlot.BALANCING).toList();
    }

    boolean anyServes(String model) {
        return slots.stream().anyMatch(s -> s.serves(model));
    }

    /** The providers that serve the model with any capability: one look at the providers, for one decision. */
    List<ProviderSlot> serving(String model) {
        return slots.stream().filter(s -> s.serves(model)).toList();
    }

    /** Model ids with the capability, sorted, for error messages. */
    Set<String> modelIds(String capability) {
        Set<String> ids = new TreeSet<>();
        for (ProviderSlot slot : slots) {
            for (ModelInfo info : slot.models()) {
                if (info.capabilities().contains(capability)) {
                    ids.add(info.id());
                }
            }
        }
        return ids;
    }

    /** Every model once: named after its preferred provider, with the capabilities of all who serve it. */
    List<ModelInfo> models() {
        Map<String, ModelInfo> byId = new LinkedHashMap<>();
        for (ProviderSlot slot : all()) {
            for (ModelInfo info : slot.models()) {
                byId.merge(info.id(), new ModelInfo(info.id(), slot.id(), info.capabilities()),
                        (a, b) -> new ModelInfo(a.id(), a.provider(), union(a.capabilities(), b.capabilities())));
            }
        }
        return byId.values().stream().sorted(Comparator.comparing(ModelInfo::id)).toList();
    }

    /** The first model with the capability of the preferred provider marked local. */
    Optional<String> firstLocalModel(String capability) {
        return all().stream().filter(ProviderSlot::local).flatMap(s -> s.models().stream())
                .filter(info -> info.capabilities().contains(capability)).map(ModelInfo::id).findFirst();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
