package org.aegis.events;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "AEGIS webhook",
        description = "Posts each outbound event to a URL, signed with HMAC-SHA256; one file"
                + " etc/org.aegis.events.webhook-<name>.cfg per receiver.")
public @interface WebhookConfig {
    String FACTORY_PID = "org.aegis.events.webhook";

    @AttributeDefinition(name = "Name", description = "The sink's name ([A-Za-z0-9._-], at most 64): its position"
            + " in the outbox is kept under it, so keep it when the URL moves.")
    String name();

    @AttributeDefinition(name = "URL", description = "http:// or https:// URL that receives a POST per event.")
    String url();

    @AttributeDefinition(name = "Secret", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD,
            description = "Shared HMAC-SHA256 key (at least 16 characters): the receiver recomputes the"
                    + " X-Aegis-Signature header to know the event came from this node, unchanged.")
    String secret();

    @AttributeDefinition(name = "Timeout (ms)", description = "How long one POST may take.", min = "100")
    int timeoutMs() default 10_000;

    @AttributeDefinition(name = "Event types", required = false,
            description = "Types to post (exact, or prefixes ending in *); empty: every type.")
    String[] types() default {};
}
