package org.aegis.events;

import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;
import org.aegis.api.events.EventSink;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One webhook per {@code etc/org.aegis.events.webhook-<name>.cfg}: a valid configuration registers a
 * {@link Webhook} as an {@link EventSink} under its name (and event types); an invalid one fails activation with
 * the setting named in the log, and nothing is registered.
 */
@Component(service = {}, configurationPid = WebhookConfig.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = WebhookConfig.class, factory = true)
public final class WebhookComponent {
    private final Webhook webhook;
    private final ServiceRegistration<EventSink> registration;

    @Activate
    public WebhookComponent(WebhookConfig config, BundleContext context) {
        this.webhook = new Webhook(config, Clock.systemUTC());
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(EventSink.NAME, webhook.name());
        if (config.types().length > 0) {
            properties.put(EventSink.TYPES, config.types());
        }
        this.registration = context.registerService(EventSink.class, webhook, properties);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        webhook.close();
    }
}
