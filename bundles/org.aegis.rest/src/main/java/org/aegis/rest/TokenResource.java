package org.aegis.rest;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.aegis.api.rest.RequiresRole;
import org.aegis.api.rest.RestApi;
import org.aegis.api.security.IssuedToken;
import org.aegis.api.security.Principal;
import org.aegis.api.security.Role;
import org.aegis.api.security.TokenService;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** Admins issue tokens for a role with an expiry. */
@Component(service = TokenResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path(RestApi.BASE_PATH + "/tokens")
public class TokenResource {
    static final Duration DEFAULT_LIFETIME = Duration.ofDays(1);

    /**
     * @param role      {@code admin}, {@code operator} or {@code reader}
     * @param subject   whom the token is for
     * @param expiresIn ISO-8601 duration such as {@code PT1H} or {@code P30D}; one day when absent
     */
    public record TokenRequest(String role, String subject, String expiresIn) {
    }

    public record TokenView(String token, String tokenId, String subject, String role, Instant issuedAt,
            Instant expiresAt) {
    }

    @Reference
    TokenService tokens;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresRole(Role.ADMIN)
    public Response issue(TokenRequest request, @Context HttpServletRequest http) {
        if (request == null) {
            throw new IllegalArgumentException("request body required: {\"role\": ..., \"subject\": ..., \"expires_in\": ...}");
        }
        Role role = parseRole(request.role());
        if (request.subject() == null) {
            throw new IllegalArgumentException("'subject' is required");
        }
        Duration lifetime = request.expiresIn() == null ? DEFAULT_LIFETIME : parseLifetime(request.expiresIn());
        IssuedToken issued = tokens.issue(request.subject(), role, lifetime);
        Principal p = issued.principal();
        http.setAttribute(RestApi.AUDIT_DETAIL, "issued " + p.role().name().toLowerCase() + " token "
                + p.tokenId() + " to " + p.subject() + " until " + p.expiresAt());
        return Response.status(201).entity(new TokenView(issued.token(), p.tokenId(), p.subject(),
                p.role().name().toLowerCase(), p.issuedAt(), p.expiresAt())).build();
    }

    /** @param grace how long tokens signed with the key current until now stay valid, ISO-8601; PT1H when absent */
    public record KeyRotationRequest(String grace) {
    }

    /** Revokes a token by its id: refused by this node from now on, also after a restart. Idempotent. */
    @DELETE
    @Path("{id}")
    @RequiresRole(Role.ADMIN)
    public Response revoke(@PathParam("id") String tokenId, @Context HttpServletRequest http) {
        boolean revoked = tokens.revoke(tokenId);
        http.setAttribute(RestApi.AUDIT_DETAIL, (revoked ? "revoked token " : "token already revoked: ") + tokenId);
        return Response.noContent().build();
    }

    /** A new signing key; answers with the new initial admin token (the old one dies with the old key). */
    @POST
    @Path("signing-key")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequiresRole(Role.ADMIN)
    public Response rotateSigningKey(KeyRotationRequest request, @Context HttpServletRequest http) {
        String graceText = request == null || request.grace() == null ? "PT1H" : request.grace();
        Duration grace;
        try {
            grace = Duration.parse(graceText);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'grace' must be an ISO-8601 duration such as PT1H, was '" + graceText + "'");
        }
        IssuedToken admin = tokens.rotateSigningKey(grace);
        http.setAttribute(RestApi.AUDIT_DETAIL, "rotated the signing key; previous key valid for " + graceText);
        Principal p = admin.principal();
        return Response.ok(new TokenView(admin.token(), p.tokenId(), p.subject(), p.role().name().toLowerCase(),
                p.issuedAt(), p.expiresAt())).build();
    }

    static Role parseRole(String role) {
        if (role == null) {
            throw new IllegalArgumentException("'role' is required: admin, operator or reader");
        }
        try {
            return Role.valueOf(role.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + role + "': use admin, operator or reader");
        }
    }

    static Duration parseLifetime(String text) {
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'expires_in' must be an ISO-8601 duration such as PT1H or P30D, was '"
                    + text + "'");
        }
    }
}
