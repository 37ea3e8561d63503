package org.aegis.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Dictionary;
import java.util.Hashtable;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.tracing.Tracing;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link Tracing} service, configured by {@value TracingConfig#PID}. Off (the default) it is {@link
 * Tracing#DISABLED}: no SDK is built and no thread started. On, spans go through an {@link OtlpPipeline} to the
 * configured collector, described by this node's peer id ({@code service.instance.id}). A new configuration
 * restarts it (DS deactivates and activates it again), flushing the spans of the old one first.
 *
 * <p>It registers the service itself, with only {@value #ENABLED}: DS would publish the configuration's keys too,
 * {@code headers} among them, which may hold a collector's API key. Off, the service is {@link Tracing#DISABLED} itself,
 * which users may compare with to skip work. An invalid configuration is logged and nothing is registered.
 */
@Component(configurationPid = TracingConfig.PID, immediate = true, service = {})
@Designate(ocd = TracingConfig.class)
public final class TracingComponent {
    /** Service property: whether spans are recorded (Boolean). */
    public static final String ENABLED = "aegis.tracing.enabled";
    /** The instrumentation scope of every span started through the service. */
    static final String SCOPE = "org.aegis";
    private static final Logger LOG = LoggerFactory.getLogger(TracingComponent.class);

    private final TracingSettings settings;
    /** {@code null} while disabled. */
    private final OtlpPipeline pipeline;
    private final ServiceRegistration<Tracing> registration;

    /**
     * @throws IllegalArgumentException for an invalid configuration (logged here, and by SCR)
     */
    @Activate
    public TracingComponent(TracingConfig config, @Reference NodeIdentity identity, BundleContext context) {
        this(config, identity, context, context.getBundle().getVersion().toString());
    }

    TracingComponent(TracingConfig config, NodeIdentity identity, BundleContext context, String version) {
        this.settings = validated(config);
        this.pipeline = settings.enabled() ? OtlpPipeline.start(settings, resource(settings, identity, version))
                : null;
        Tracing tracing = pipeline == null ? Tracing.DISABLED
                : new OtelTracing(pipeline.tracer(SCOPE, version), settings.sampleRatio());
        try {
            this.registration = context.registerService(Tracing.class, tracing, serviceProperties(settings));
        } catch (RuntimeException e) {
            stopPipeline();
            throw e;
        }
        LOG.info(settings.enabled() ? "Tracing on: {}" : "Tracing off: {}", settings);
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework has unregistered it
        }
        stopPipeline();
        if (settings.enabled()) {
            LOG.info("Tracing stopped");
        }
    }

    private void stopPipeline() {
        if (pipeline != null && !pipeline.shutdown()) {
            LOG.warn("Tracing stopped before every span was exported to {} (the wait is {} ms)",
                    settings.endpoint(), settings.exportTimeout().toMillis());
        }
    }

    static Resource resource(TracingSettings settings, NodeIdentity identity, String version) {
        return Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("service.name"), settings.serviceName(),
                AttributeKey.stringKey("service.version"), version,
                AttributeKey.stringKey("service.instance.id"), identity.peerId())));
    }

    private static Dictionary<String, Object> serviceProperties(TracingSettings settings) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(ENABLED, settings.enabled());
        return properties;
    }

    private static TracingSettings validated(TracingConfig config) {
        try {
            return TracingSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; tracing is not started", e.getMessage());
            throw e;
        }
    }
}
