package org.aegis.rest;

import java.time.Instant;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.aegis.api.node.NodeService;
import org.aegis.api.node.NodeStatus;
import org.aegis.api.rest.RestApi;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** What this node is. */
@Component(service = NodeResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path(RestApi.BASE_PATH + "/node")
@Produces(MediaType.APPLICATION_JSON)
public class NodeResource {

    public record NodeView(String peerId, String version, Instant startedAt, long uptimeSeconds, String dataFolder) {
    }

    @Reference
    NodeService node;

    @GET
    public NodeView node() {
        NodeStatus status = node.status();
        return new NodeView(status.peerId(), status.version(), status.startedAt(), status.uptime().toSeconds(),
                status.dataFolder());
    }
}
