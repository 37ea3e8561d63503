package org.aegis.monitoring;

import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.aegis.api.rest.RequiresRole;
import org.aegis.api.rest.RestApi;
import org.aegis.api.security.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** {@code GET /api/v1/alerts}: the node's own alerts since its monitoring started, oldest first (at most 200). */
@Component(service = AlertsResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path(RestApi.BASE_PATH + "/alerts")
@Produces(MediaType.APPLICATION_JSON)
public class AlertsResource {
    private final AlertWatcher watcher;

    @Activate
    public AlertsResource(@Reference AlertWatcher watcher) {
        this.watcher = watcher;
    }

    @GET
    @RequiresRole(Role.READER)
    public List<Alert> alerts() {
        return watcher.recent();
    }
}
