package org.aegis.rest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.aegis.api.node.ComponentHealth;
import org.aegis.api.node.HealthState;
import org.aegis.api.node.NodeHealth;
import org.aegis.api.node.NodeService;
import org.aegis.api.rest.RestApi;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The node's health check: 200 when every component is up, 503 otherwise. */
@Component(service = HealthResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path("/api/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    /** {@code status} is {@code healthy}, {@code degraded} or {@code unhealthy}; components by name. */
    public record HealthView(String status, Instant timestamp, Map<String, ComponentView> components) {
    }

    public record ComponentView(String status, String detail) {
    }

    @Reference
    NodeService node;

    @GET
    public Response health() {
        NodeHealth health = node.health();
        Map<String, ComponentView> components = new LinkedHashMap<>();
        for (ComponentHealth c : health.components()) {
            components.put(c.component(), new ComponentView(c.state().name().toLowerCase(), c.detail()));
        }
        HealthView view = new HealthView(statusName(health.overall()), Instant.now(), components);
        return Response.status(health.overall() == HealthState.UP ? 200 : 503).entity(view).build();
    }

    static String statusName(HealthState state) {
        return switch (state) {
            case UP -> "healthy";
            case DEGRADED -> "degraded";
            case DOWN -> "unhealthy";
        };
    }
}
