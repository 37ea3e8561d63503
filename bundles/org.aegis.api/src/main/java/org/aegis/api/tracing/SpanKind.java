package org.aegis.api.tracing;

/** The role of a span in its trace, as OpenTelemetry defines it. */
public enum SpanKind {
    /** Work inside one process. */
    INTERNAL,
    /** Serves a request from a remote caller (a REST call). */
    SERVER,
    /** Calls a remote server and waits for its answer. */
    CLIENT,
    /** Sends a message that others process later (a request broadcast to the validators). */
    PRODUCER,
    /** Processes a message a producer sent (a replica ordering a request it received). */
    CONSUMER
}
