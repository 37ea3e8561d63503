package org.aegis.tracing;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Distributed tracing (PID {@code org.aegis.tracing}, {@code etc/org.aegis.tracing.cfg}); checked by {@link TracingSettings}. */
@ObjectClassDefinition(id = TracingConfig.PID, name = "AEGIS tracing",
        description = "Spans of REST calls and consensus exported with OpenTelemetry over OTLP/HTTP (protobuf) to a"
                + " collector. Off by default: then nothing is recorded and no thread runs.")
public @interface TracingConfig {
    String PID = "org.aegis.tracing";

    @AttributeDefinition(name = "Enabled", description = "Record spans and export them to the endpoint.")
    boolean enabled() default false;

    @AttributeDefinition(name = "Endpoint",
            description = "The collector's OTLP/HTTP traces URL, http or https, e.g. http://localhost:4318/v1/traces.")
    String endpoint() default "http://localhost:4318/v1/traces";

    @AttributeDefinition(name = "Service name", description = "The service.name of every span of this node.")
    String serviceName() default "aegis";

    @AttributeDefinition(name = "Sample ratio",
            description = "The share of new traces recorded, 0 to 1; a trace continued from a caller or another node"
                    + " follows the caller's decision. 1 records every call, which costs a simple REST call 7 to 20 % more CPU.")
    double sampleRatio() default 0.1;

    @AttributeDefinition(name = "Export delay (ms)", description = "The longest a finished span waits before its"
            + " batch is exported. At least 1.")
    long exportDelayMs() default 1000;

    @AttributeDefinition(name = "Export timeout (ms)", description = "Bounds each export to the collector, and the"
            + " wait for the last export when tracing stops. 1 to 600000.")
    long exportTimeoutMs() default 10_000;

    @AttributeDefinition(name = "Max queue size", description = "Finished spans waiting for export; past it new"
            + " spans are dropped (the collector is away or slow). At least 1.")
    int maxQueueSize() default 2048;

    /** May hold a credential (an API key): never a service property, never logged. */
    @AttributeDefinition(name = "Headers", type = AttributeType.PASSWORD, required = false,
            description = "HTTP headers sent with each export, name=value pairs separated by commas, e.g."
                    + " x-api-key=secret. Empty: none.")
    String headers() default "";
}
