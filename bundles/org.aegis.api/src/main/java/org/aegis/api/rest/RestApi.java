package org.aegis.api.rest;

/**
 * The names under which a plugin's JAX-RS resource joins the node's REST API: the extensions it selects and the
 * path the versioned API lives under. The values are part of the package's contract: they are compiled into a
 * plugin, so they change only with a new major version of this package.
 */
public final class RestApi {
    /** {@code osgi.jaxrs.name} of the platform's JSON provider (Jackson: snake_case, ISO-8601 times, strict reading). */
    public static final String JSON_EXTENSION = "aegis.json";

    /** {@code osgi.jaxrs.name} of the platform's security filter (credentials, rate limit, roles, audit). */
    public static final String SECURITY_EXTENSION = "aegis.security";

    /** {@code osgi.jaxrs.extension.select} filter for {@link #JSON_EXTENSION}. */
    public static final String SELECT_JSON = "(osgi.jaxrs.name=" + JSON_EXTENSION + ")";

    /** {@code osgi.jaxrs.extension.select} filter for {@link #SECURITY_EXTENSION}. */
    public static final String SELECT_SECURITY = "(osgi.jaxrs.name=" + SECURITY_EXTENSION + ")";

    /**
     * The path of the versioned REST API in the whiteboard's default application; a plugin's resource takes
     * {@code @Path(RestApi.BASE_PATH + "/<plugin>/…")}, with a first segment of its own so that it cannot shadow a
     * platform route.
     */
    public static final String BASE_PATH = "/api/v1";

    /**
     * Request attribute (of the {@code HttpServletRequest} and the {@code ContainerRequestContext}) holding the
     * verified caller as an {@link org.aegis.api.security.Principal}; absent for a read without a token on loopback.
     */
    public static final String PRINCIPAL = "aegis.principal";

    /**
     * Servlet request attribute a resource sets to a short text saying what a mutating call did (e.g. {@code
     * "connect to /ip4/…"}); the security filter writes it as the detail of the call's audit entry.
     */
    public static final String AUDIT_DETAIL = "aegis.audit.detail";

    /**
     * Request attribute holding the call's server span, an {@link org.aegis.api.tracing.TraceSpan}, while tracing is
     * on: a resource that hands work to another thread or subsystem {@link org.aegis.api.tracing.TraceSpan#activate()
     * activates} it around the hand-over so that the work joins the caller's trace. Absent when tracing is off.
     */
    public static final String TRACE_SPAN = "aegis.trace.span";

    private RestApi() {
    }
}
