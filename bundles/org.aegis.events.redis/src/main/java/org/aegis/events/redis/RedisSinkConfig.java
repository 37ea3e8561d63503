package org.aegis.events.redis;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One Redis stream the node's events go to (factory PID {@code org.aegis.events.redis}): every factory configuration,
 * e.g. {@code etc/org.aegis.events.redis-audit.cfg}, makes one sink. Checked by {@link SinkSettings}.
 */
@ObjectClassDefinition(id = RedisSinkConfig.FACTORY_PID, name = "AEGIS Redis Streams event sink",
        description = "Appends the node's outbound events to a Redis stream, one XADD per event: one sink per"
                + " configuration.")
public @interface RedisSinkConfig {
    String FACTORY_PID = "org.aegis.events.redis";

    @AttributeDefinition(name = "Sink name",
            description = "The sink's stable name, under which the node keeps its position in the outbox: 1 to 64"
                    + " letters, digits, '.', '_' or '-'. Renaming it starts a new sink at the end of the outbox.")
    String name();

    @AttributeDefinition(name = "Host", description = "The Redis server's host name or IP address.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "The Redis server's TCP port, 1 to 65535.")
    int port() default 6379;

    /** Never a service property: the component registers the sink with properties it chooses. */
    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false,
            description = "Sent with AUTH after connecting; empty sends no AUTH.")
    String password() default "";

    @AttributeDefinition(name = "Database", description = "The database number, 0 to 15 on a default server;"
            + " SELECTed after connecting when not 0.")
    int database() default 0;

    @AttributeDefinition(name = "Stream", description = "The stream key the events are appended to.")
    String stream() default "aegis:events";

    @AttributeDefinition(name = "Max length",
            description = "The stream is trimmed to about this many entries (XADD MAXLEN ~), oldest first. At least 1.")
    long maxLength() default 1_000_000;

    @AttributeDefinition(name = "Timeout (ms)",
            description = "Bounds connecting and the wait for Redis to acknowledge a batch. 1 to 600000.")
    long timeoutMs() default 10_000;

    @AttributeDefinition(name = "Event types", required = false,
            description = "The event types this sink takes (in a .cfg file: comma-separated): exact types or"
                    + " prefixes ending in '*', e.g. aegis/alert/*. Empty: every event.")
    String[] types() default {};
}
