/**
 * What a plugin's JAX-RS resource needs to join the node's REST API with the platform's JSON and security.
 *
 * <h2>Registering a resource</h2>
 * A plugin registers its resource on the OSGi JAX-RS whiteboard exactly as the platform registers its own: in the
 * whiteboard's default application (no {@code osgi.jaxrs.application.select}), selecting the platform's JSON
 * provider and security filter by name, under {@link org.aegis.api.rest.RestApi#BASE_PATH} with a first segment of
 * its own:
 *
 * <pre>{@code
 * @Component(service = ModelsResource.class)
 * @JaxrsResource
 * @JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
 * @Path(RestApi.BASE_PATH + "/example/models")
 * @Produces(MediaType.APPLICATION_JSON)
 * public class ModelsResource { … }
 * }</pre>
 *
 * Selecting the security filter is what keeps the resource unpublished whenever the filter is not running (for
 * example while {@code etc/org.aegis.rest.cfg} holds an invalid value): a resource that leaves it out could be
 * served without access control.
 *
 * <h2>What every request to it goes through</h2>
 * The security filter treats a plugin's resource exactly as the platform's own, in this order:
 * <ol>
 * <li>Credentials: {@code Authorization: Bearer <token>} or, on the HTTPS port, a client certificate whose subject
 * names a role; a bad one is 401, and failed authentications are limited per address before any token is
 * verified.</li>
 * <li>The body limit ({@code maxBodyBytes} of {@code org.aegis.rest}, 413; the body is read only once the request
 * is allowed) and the rate limit per token subject, else per address (429 with {@code Retry-After}).</li>
 * <li>Read or write. A request is a <em>read</em> when its method is GET, HEAD or OPTIONS, or when the resource
 * method is marked {@link org.aegis.api.rest.ReadOnly}; anything else is a <em>write</em>.</li>
 * <li>The role. {@link org.aegis.api.rest.RequiresRole} on the method, else on the resource class, names the least
 * role; without it a read needs {@code reader} and a write needs {@code admin}, so a forgotten annotation fails
 * closed. A role includes the ones below it ({@code reader} &lt; {@code operator} &lt; {@code admin}). A call without
 * credentials is allowed only when it is a read that needs no more than {@code reader}, comes from the node's own
 * machine under a loopback Host name (or an {@code allowedHosts} one) and {@code openLoopbackReads} is on; otherwise
 * 401, and 403 when the caller's role is too low.</li>
 * <li>The audit. A write is refused with 503 while the audit log is unavailable; every write is recorded with its
 * caller (the token's subject, or {@code anonymous}), method and path, HTTP status, client address and the
 * {@link org.aegis.api.rest.RestApi#AUDIT_DETAIL} the resource set, refused ones included (repeated 401, 403, 413
 * and 429 within a minute become one entry and a summary). A read is never recorded, except a
 * {@link org.aegis.api.rest.ReadOnly} POST that is refused with one of those statuses.</li>
 * </ol>
 *
 * <h2>Answers</h2>
 * The JSON provider writes records, lists and maps with snake_case names and ISO-8601 times, and reads request bodies
 * strictly (an unknown or duplicated field, or trailing content, is a 400 that names it). An
 * {@link java.lang.IllegalArgumentException} thrown by a resource (or failing the {@code CompletionStage} it returns)
 * becomes 400, a {@link org.aegis.api.model.ModelException} the status of its reason (400, 404 model not found, 429
 * limit, 503 unavailable, 504 timeout) and a {@code javax.ws.rs.WebApplicationException} its own status, all as
 * {@code {"status": 400, "error": "…"}}; anything else is logged and answered 500 without internals.
 *
 * <p>The annotations are read by reflection from the class that the API bundle exports, so a plugin must import this
 * package from the node's API bundle (as bnd's generated import does), not embed a copy.
 */
@Export
@Version("1.1.0")
package org.aegis.api.rest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
