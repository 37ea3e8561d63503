package org.aegis.auth;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the bearer-token service (Config Admin PID {@code org.aegis.auth}). */
@ObjectClassDefinition(
        name = "AEGIS auth",
        description = "Bearer tokens (HS256-signed JWTs) for the REST API and the shell.")
@interface AuthConfig {
    @AttributeDefinition(
            name = "Issuer",
            description = "The iss claim of every token this node issues; tokens with another issuer are rejected."
                    + " Changing it invalidates every token issued before (a new initial admin token is issued).")
    String issuer() default "aegis";

    @AttributeDefinition(
            name = "Maximum lifetime",
            description = "Longest lifetime a token may be issued with, as an ISO-8601 duration (e.g. P365D, PT12H)."
                    + " At most P3650D.")
    String maxLifetime() default "P365D";

    @AttributeDefinition(
            name = "Minimum lifetime",
            description = "Shortest lifetime a token may be issued with, as an ISO-8601 duration (e.g. PT1M).")
    String minLifetime() default "PT1M";

    @AttributeDefinition(
            name = "Initial admin token lifetime",
            description = "Lifetime of the admin token issued at the node's first start (and re-issued at start when"
                    + " it has expired), as an ISO-8601 duration within [minLifetime, maxLifetime].")
    String initialAdminLifetime() default "P365D";

    @AttributeDefinition(
            name = "Clock skew (seconds)",
            description = "Tolerance for clock differences when checking exp, nbf and iat, in seconds (0 to 3600).",
            min = "0",
            max = "3600")
    int clockSkewSeconds() default 30;
}
