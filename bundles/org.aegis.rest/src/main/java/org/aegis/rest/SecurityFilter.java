package org.aegis.rest;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.annotation.Priority;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.ResourceInfo;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import org.aegis.api.audit.AuditLog;
import org.aegis.api.audit.AuditRecord;
import org.aegis.api.rest.ReadOnly;
import org.aegis.api.rest.RequiresRole;
import org.aegis.api.rest.RestApi;
import org.aegis.api.security.ClientCertificateCodec;
import org.aegis.api.security.InvalidTokenException;
import org.aegis.api.security.Principal;
import org.aegis.api.security.Role;
import org.aegis.api.security.TokenService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request to a resource that selects {@link RestApi#SECURITY_EXTENSION}, the platform's and plugins' alike (see
 * the package documentation of {@code org.aegis.api.rest}), passes here: body size limit, bearer token or client certificate, rate limit, role check; every mutating request
 * is written to the audit log with its outcome, refused ones included.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class}, configurationPid = RestConfig.PID)
@Designate(ocd = RestConfig.class)
@JaxrsExtension
@JaxrsName(RestApi.SECURITY_EXTENSION)
@Priority(Priorities.AUTHENTICATION)
public class SecurityFilter implements ContainerRequestFilter, ContainerResponseFilter {
    private static final String CLIENT = "aegis.client";
    private static final String READ = "aegis.read";
    private static final String BEARER = "Bearer ";
    /** Servlet request attribute (Servlet spec): the client's verified certificate chain on a TLS connection. */
    private static final String CLIENT_CERTIFICATES = "javax.servlet.request.X509Certificate";
    private static final Logger LOG = LoggerFactory.getLogger(SecurityFilter.class);
    /** Repeats of one refusal within this window become one audit entry. */
    private static final Duration REFUSAL_WINDOW = Duration.ofMinutes(1);
    private static final int MAX_REFUSAL_BURSTS = 10_000;

    private final Clock clock;
    private final AccessPolicy policy;
    private final OriginPolicy origins;
    private final RateLimiter limiter;
    /** Missing, malformed and invalid credentials per address, checked before any token is verified. */
    private final RateLimiter authFailures;
    private final RefusalAudit refusals;
    /** Writes the summaries of refusal bursts once their window ends. */
    private final ScheduledExecutorService auditFlusher;
    private final int maxBodyBytes;
    private final Duration maxBodyTime;

    @Context
    ResourceInfo resourceInfo;
    @Context
    HttpServletRequest servletRequest;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TokenService tokens;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog audit;

    @Activate
    public SecurityFilter(RestConfig config) {
        this(Clock.systemUTC(), config);
    }

    SecurityFilter(Clock clock, RestConfig config) {
        if (config.maxBodyBytes() < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + config.maxBodyBytes());
        }
        this.clock = clock;
        this.policy = new AccessPolicy(config.openLoopbackReads());
        this.origins = new OriginPolicy(config.allowedHosts(), config.allowedOrigins());
        this.limiter = new RateLimiter(clock, config.requestsPerMinute());
        this.authFailures = new RateLimiter(clock, config.authFailuresPerMinute(), "authFailuresPerMinute");
        this.refusals = new RefusalAudit(REFUSAL_WINDOW, MAX_REFUSAL_BURSTS);
        this.maxBodyBytes = config.maxBodyBytes();
        if (config.maxBodySeconds() < 1) {
            throw new IllegalArgumentException("maxBodySeconds must be at least 1, was " + config.maxBodySeconds());
        }
        this.maxBodyTime = Duration.ofSeconds(config.maxBodySeconds());
        this.auditFlusher = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "aegis-rest-audit"));
        long period = REFUSAL_WINDOW.toMillis() / 4;
        auditFlusher.scheduleWithFixedDelay(() -> write(refusals.closeEnded(clock.instant())), period, period,
                TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        auditFlusher.shutdownNow();
        auditFlusher.awaitTermination(5, TimeUnit.SECONDS);
        write(refusals.closeAll());
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String client = servletRequest == null ? "unknown" : servletRequest.getRemoteAddr();
        request.setProperty(CLIENT, client);
        String method = request.getMethod();
        String path = request.getUriInfo() == null ? "" : request.getUriInfo().getPath();

        Method resourceMethod = resourceInfo == null ? null : resourceInfo.getResourceMethod();
        boolean read = AccessPolicy.isRead(method, resourceMethod != null && resourceMethod.isAnnotationPresent(ReadOnly.class));
        request.setProperty(READ, read);
        String address = "address:" + client;
        long blocked = authFailures.exhausted(address);
        if (blocked > 0) {
            // before any token is verified: a flood of bad tokens costs neither signature checks nor audit writes
            refuse(request, tooManyRequests(path, "too many failed authentications from " + client, blocked));
            return;
        }
        Principal principal = null;
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null) {
            if (!authorization.startsWith(BEARER)) {
                authFailures.acquire(address);
                refuse(request, unauthorized(path, "unsupported authorization scheme; use 'Bearer <token>'"));
                return;
            }
            TokenService tokenService = tokens;
            if (tokenService == null) {
                refuse(request, ApiError.response(path, 503, "token service unavailable"));
                return;
            }
            try {
                principal = tokenService.verify(authorization.substring(BEARER.length()).trim());
            } catch (InvalidTokenException e) {
                authFailures.acquire(address);
                refuse(request, unauthorized(path, "invalid token: " + e.getMessage()));
                return;
            }
            request.setProperty(RestApi.PRINCIPAL, principal);
        } else if (clientCertificate() != null) {
            Optional<Principal> fromCertificate = ClientCertificateCodec.principal(clientCertificate());
            TokenService tokenService = tokens;
            if (fromCertificate.isEmpty()) {
                authFailures.acquire(address);
                refuse(request, unauthorized(path, "the client certificate "
                        + clientCertificate().getSubjectX500Principal().getName() + " names no AEGIS role: its subject"
                        + " must read CN=<name>, OU=<reader|operator|admin>, O=" + ClientCertificateCodec.ORGANISATION));
                return;
            }
            if (tokenService == null) {
                refuse(request, ApiError.response(path, 503, "token service unavailable"));
                return;
            }
            if (tokenService.isRevoked(fromCertificate.get().tokenId())) {
                authFailures.acquire(address);
                refuse(request, unauthorized(path, "client certificate " + fromCertificate.get().tokenId()
                        + " revoked"));
                return;
            }
            principal = fromCertificate.get();
            request.setProperty(RestApi.PRINCIPAL, principal);
        }
        // after the token, so that the refusal names who sent it; before the body, which is never read
        long bodyLimit = resourceMethod != null && resourceMethod.isAnnotationPresent(MaxBodyBytes.class)
                ? resourceMethod.getAnnotation(MaxBodyBytes.class).value() : maxBodyBytes;
        if (request.getLength() > bodyLimit) {
            refuse(request, ApiError.response(path, 413, "request body over " + bodyLimit + " bytes"));
            return;
        }

        long wait = limiter.acquire(principal != null ? "token:" + principal.subject() : address);
        if (wait > 0) {
            refuse(request, tooManyRequests(path, "rate limit exceeded", wait));
            return;
        }

        boolean loopback = isLoopback(client);
        String host = request.getHeaderString(HttpHeaders.HOST);
        if (principal == null && loopback && read && !origins.hostAllowed(host)) {
            refuse(request, ApiError.response(path, 403, "Host '" + host + "' is not a name of this node: reads"
                    + " without a token answer only localhost, 127.0.0.1, [::1] and the allowedHosts of "
                    + RestConfig.PID));
            return;
        }
        Role required = AccessPolicy.requiredRole(read, requiredRole());
        AccessPolicy.Decision decision = policy.decide(read, required, principal, loopback);
        if (!decision.allowed()) {
            if (decision.status() == 401) {
                authFailures.acquire(address);
            }
            refuse(request, decision.status() == 401 ? unauthorized(path, decision.reason())
                    : ApiError.response(path, decision.status(), decision.reason()));
            return;
        }
        if (!read && audit == null) {
            refuse(request, ApiError.response(path, 503, "audit log unavailable; changes are refused until it is back"));
            return;
        }
        // Only now, and without hasEntity() (which reads the whole body in CXF): a caller that is refused above
        // never has its body read, so slow bodies without a token hold no worker.
        InputStream body = request.getEntityStream();
        if (body != null) {
            request.setEntityStream(new BoundedBody(body, bodyLimit, maxBodyTime, clock));
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (AccessPolicy.isSafe(request.getMethod())) {
            return;
        }
        String outcome = String.valueOf(response.getStatus());
        // a POST that changes nothing (chat, embeddings) is audited when it is refused: who tried, and why not
        if (Boolean.TRUE.equals(request.getProperty(READ)) && !RefusalAudit.isFolded(outcome)) {
            return;
        }
        boolean filtered = request.getProperty(CLIENT) != null;
        String client = filtered ? request.getProperty(CLIENT).toString()
                : servletRequest == null ? "unknown" : servletRequest.getRemoteAddr();
        Principal principal = (Principal) request.getProperty(RestApi.PRINCIPAL);
        // refused before the request filter ran (no such resource, 415): name the caller all the same
        String actor = principal != null ? principal.subject() : filtered ? "anonymous" : unverifiedActor(request);
        AuditRecord record = new AuditRecord(clock.instant(), actor,
                request.getMethod() + " /" + request.getUriInfo().getPath(), outcome, client,
                servletRequest == null ? "" : Objects.toString(servletRequest.getAttribute(RestApi.AUDIT_DETAIL), ""));
        write(RefusalAudit.isFolded(record.outcome()) ? refusals.admit(record) : List.of(record));
    }

    private void write(List<AuditRecord> records) {
        AuditLog log = audit;
        for (AuditRecord record : records) {
            if (log == null) {
                LOG.error("Audit log unavailable, could not record {}", record);
                continue;
            }
            try {
                log.append(record);
            } catch (RuntimeException e) {
                LOG.error("Could not write audit record {}", record, e);
            }
        }
    }

    private static Response tooManyRequests(String path, String reason, long retryAfterSeconds) {
        return Response.fromResponse(ApiError.response(path, 429, reason + "; retry in " + retryAfterSeconds + " s"))
                .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds).build();
    }

    /** The subject of the request's token when it is valid, else {@code anonymous}; for the audit only. */
    private String unverifiedActor(ContainerRequestContext request) {
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        TokenService tokenService = tokens;
        if (authorization == null || !authorization.startsWith(BEARER) || tokenService == null) {
            return "anonymous";
        }
        try {
            return tokenService.verify(authorization.substring(BEARER.length()).trim()).subject();
        } catch (InvalidTokenException e) {
            return "anonymous";
        }
    }

    /** Answers now, and leaves the request's body unread (see {@link RequestBodyGate}). */
    private void refuse(ContainerRequestContext request, Response response) {
        if (servletRequest != null) {
            servletRequest.setAttribute(RequestBodyGate.REFUSED, Boolean.TRUE);
        }
        request.abortWith(response);
    }

    private RequiresRole requiredRole() {
        if (resourceInfo == null || resourceInfo.getResourceMethod() == null) {
            return null;
        }
        RequiresRole onMethod = resourceInfo.getResourceMethod().getAnnotation(RequiresRole.class);
        return onMethod != null ? onMethod : resourceInfo.getResourceClass().getAnnotation(RequiresRole.class);
    }

    /**
     * The certificate a client authenticated with on the HTTPS port; Jetty sets the attribute only after the TLS
     * handshake verified its chain against the trust store.
     */
    private X509Certificate clientCertificate() {
        Object chain = servletRequest == null ? null : servletRequest.getAttribute(CLIENT_CERTIFICATES);
        return chain instanceof X509Certificate[] certificates && certificates.length > 0 ? certificates[0] : null;
    }

    private static Response unauthorized(String path, String reason) {
        return Response.fromResponse(ApiError.response(path, 401, reason))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"aegis\"").build();
    }

    static boolean isLoopback(String address) {
        try {
            // A literal address: no name lookup happens.
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
