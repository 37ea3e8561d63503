package org.aegis.rest;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "AEGIS REST API", description = "Security and limits of the node's REST API.")
public @interface RestConfig {
    String PID = "org.aegis.rest";

    @AttributeDefinition(name = "Open reads on loopback",
            description = "Let clients on the node's own machine read (GET) without a token.")
    boolean openLoopbackReads() default true;

    @AttributeDefinition(name = "Allowed host names", required = false,
            description = "Host names, besides localhost, 127.0.0.1 and [::1], under which the reads open on loopback"
                    + " answer without a token; any other Host header needs a token (DNS rebinding).")
    String[] allowedHosts() default {};

    @AttributeDefinition(name = "Allowed origins", required = false,
            description = "Web origins (e.g. https://ops.example:8443), besides the node's own, whose pages may open"
                    + " the /ws stream.")
    String[] allowedOrigins() default {};

    @AttributeDefinition(name = "Requests per minute",
            description = "Per-client rate limit (by token subject, else by address); beyond it 429.", min = "1")
    int requestsPerMinute() default 600;

    @AttributeDefinition(name = "Failed authentications per minute",
            description = "Per client address, counted before any token is checked: an address that sent this many"
                    + " missing, malformed or invalid tokens in a minute gets 429 until its budget refills.", min = "1")
    int authFailuresPerMinute() default 30;

    @AttributeDefinition(name = "Maximum body bytes", description = "Larger request bodies get 413.", min = "1")
    int maxBodyBytes() default 65_536;

    @AttributeDefinition(name = "Maximum body time",
            description = "Seconds a request body may take to arrive; a slower one is refused with 408.", min = "1")
    int maxBodySeconds() default 30;

    @AttributeDefinition(name = "Proposal wait for a consensus engine",
            description = "Milliseconds a proposal waits for a consensus engine while none is installed (during a"
                    + " bundle:update or a feature reinstall of the engine) before it fails with 503; 0: no waiting.",
            min = "0")
    long engineWaitMs() default 10_000;

    @AttributeDefinition(name = "Stream rate",
            description = "Metrics messages per second on the /ws WebSocket.", min = "0.1", max = "50")
    double streamHz() default 4.0;

    @AttributeDefinition(name = "Stream clients", description = "Most WebSocket clients at once.", min = "1")
    int maxStreamClients() default 100;
}
