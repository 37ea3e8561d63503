package org.aegis.events;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "AEGIS events out",
        description = "The outbox of events leaving the node (decisions, alerts, federated-learning progress) and"
                + " their delivery to the event sinks: webhooks (org.aegis.events.webhook-<name>.cfg) and plugins.")
public @interface EventsConfig {
    String PID = "org.aegis.events";

    @AttributeDefinition(name = "Most events kept",
            description = "The outbox keeps events until every sink it knows has them, but never more than this"
                    + " many: beyond it the oldest are deleted, and a sink that was away that long misses them"
                    + " (logged and shown in /api/health).", min = "1000")
    long maxEvents() default 1_000_000;

    @AttributeDefinition(name = "Batch size", description = "Most events handed to a sink in one delivery.",
            min = "1", max = "10000")
    int batchSize() default 100;
}
