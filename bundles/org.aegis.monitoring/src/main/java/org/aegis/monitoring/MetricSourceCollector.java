package org.aegis.monitoring;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * while it is registered, so a bundle's metrics appear and disappear with it. The sources are collected in the order
 * they came, so when two write the same name, the one that came first keeps it until it leaves, whatever order the
 * registry scrapes in.
 */
@Component(service = {})
public final class MetricSourceCollector {
    private final FamilyOwners owners = new FamilyOwners();
    private final List<SourceFamilies> sources = new CopyOnWriteArrayList<>();
    private final Registration registration;

    @Activate
    public MetricSourceCollector(@Reference MonitoringRegistry registry) {
        this.registration = registry.register((MultiCollector) this::collect);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSource(MetricSource source) {
        sources.add(new SourceFamilies(source, owners));
    }

    void unbindSource(MetricSource source) {
        for (SourceFamilies families : sources) {
            if (families.reads(source)) {
                sources.remove(families);
                families.close();
            }
        }
    }

    private MetricSnapshots collect() {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        for (SourceFamilies families : sources) {
            families.collect().forEach(all::metricSnapshot);
        }
        return all.build();
    }

    @Deactivate
    void deactivate() {
        registration.close();
        sources.forEach(SourceFamilies::close);
        sources.clear();
    }
}
