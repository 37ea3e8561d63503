package org.aegis.monitoring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aegis.api.Registration;
import org.aegis.api.telemetry.MetricSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Every bundle's own instruments on {@code /metrics}: each {@link MetricSource} service is collected at every scrape
 * while it is registered, so a bundle's metrics appear and disappear with it.
 */
@Component(service = {})
public final class MetricSourceCollector {
    private final MonitoringRegistry registry;
    private final FamilyOwners owners = new FamilyOwners();
    private final Map<MetricSource, Binding> bindings = new ConcurrentHashMap<>();

    private record Binding(SourceFamilies families, Registration registration) {
    }

    @Activate
    public MetricSourceCollector(@Reference MonitoringRegistry registry) {
        this.registry = registry;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSource(MetricSource source) {
        SourceFamilies families = new SourceFamilies(source, owners);
        bindings.put(source, new Binding(families, registry.register(families)));
    }

    void unbindSource(MetricSource source) {
        Binding binding = bindings.remove(source);
        if (binding != null) {
            binding.registration().close();
            binding.families().close();
        }
    }

    @Deactivate
    void deactivate() {
        bindings.keySet().forEach(this::unbindSource);
    }
}
