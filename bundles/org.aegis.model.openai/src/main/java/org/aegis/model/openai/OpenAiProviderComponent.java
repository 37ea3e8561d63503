package org.aegis.model.openai;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.aegis.api.model.ModelProvider;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One component per factory configuration of {@value OpenAiConfig#FACTORY_PID}: validates it, starts an
 * {@link OpenAiModelProvider} and registers it as a {@link ModelProvider} with the properties
 * {@value #PROVIDER_TYPE}={@value #TYPE}, {@value #PROVIDER_ID}=&lt;id&gt; and {@value #BASE_URL}. It registers the
 * service itself because the id, and so a service property, may be derived from the PID. An invalid configuration,
 * or an id another provider already has, is refused: the error is logged and no service appears.
 *
 * <p>A changed configuration restarts the provider (no {@code @Modified}): its client, threads and limits all depend
 * on it.
 */
@Component(name = OpenAiConfig.FACTORY_PID, configurationPid = OpenAiConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = OpenAiConfig.class, factory = true)
public final class OpenAiProviderComponent {
    static final String PROVIDER_TYPE = "aegis.model.provider";
    static final String TYPE = "openai";
    static final String PROVIDER_ID = "aegis.model.provider.id";
    static final String BASE_URL = "aegis.model.provider.url";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiProviderComponent.class);

    private final OpenAiModelProvider provider;
    private final ServiceRegistration<ModelProvider> registration;

    /**
     * @throws IllegalArgumentException for an invalid configuration or a taken id (logged here, and by SCR)
     */
    @Activate
    public OpenAiProviderComponent(OpenAiConfig config, Map<String, Object> properties, BundleContext context) {
        ProviderSettings settings;
        try {
            settings = ProviderSettings.from(config, (String) properties.get("service.pid"));
            checkUnique(settings.id(), context);
        } catch (IllegalArgumentException e) {
            LOG.error("{}; no model provider is started for {}", e.getMessage(), properties.get("service.pid"));
            throw e;
        }
        provider = new OpenAiModelProvider(settings);
        try {
            provider.start();
            registration = context.registerService(ModelProvider.class, provider, serviceProperties(settings));
        } catch (RuntimeException e) {
            provider.close();
            throw e;
        }
        LOG.info("Model provider {} started: {}", settings.id(), settings);
        if (settings.keySentInClear()) {
            LOG.warn("Model provider {} sends its API key unencrypted to {}: use an https baseUrl", settings.id(),
                    settings.baseUri().getHost());
        }
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework has unregistered it
        }
        provider.close();
        LOG.info("Model provider {} stopped", provider.id());
    }

    static Dictionary<String, Object> serviceProperties(ProviderSettings settings) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(PROVIDER_TYPE, TYPE);
        properties.put(PROVIDER_ID, settings.id());
        properties.put(BASE_URL, settings.baseUri().toString());
        return properties;
    }

    private static void checkUnique(String id, BundleContext context) {
        try {
            if (!context.getServiceReferences(ModelProvider.class, "(" + PROVIDER_ID + "=" + id + ")").isEmpty()) {
                throw new IllegalArgumentException("Invalid " + OpenAiConfig.FACTORY_PID + " configuration:"
                        + " providerId '" + id + "' is already taken by another model provider");
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("filter for id " + id, e);
        }
    }
}
