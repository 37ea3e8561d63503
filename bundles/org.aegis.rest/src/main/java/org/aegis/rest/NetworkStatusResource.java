package org.aegis.rest;

import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.aegis.api.identity.NodeIdentity;
import org.aegis.api.rest.RestApi;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.Transport;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The seed's network view: this node, the transport it uses and the peers it is connected to. */
@Component(service = NetworkStatusResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path("/api/network")
@Produces(MediaType.APPLICATION_JSON)
public class NetworkStatusResource {

    /**
     * @param peerId          this node's peer id
     * @param transport       the transport in use, {@code null} when none is installed
     * @param listenAddresses where peers can reach this node
     * @param peerCount       how many peers are connected
     * @param peers           the connected peers
     */
    public record NetworkStatus(String peerId, String transport, List<String> listenAddresses, int peerCount,
            List<PeerView> peers) {
    }

    @Reference
    NodeIdentity identity;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Transport transport;

    @GET
    @Path("status")
    public NetworkStatus status() {
        Transport current = transport;
        if (current == null) {
            return new NetworkStatus(identity.peerId(), null, List.of(), 0, List.of());
        }
        List<PeerView> peers = current.peers().stream().map(PeerView::of).toList();
        return new NetworkStatus(identity.peerId(), current.name(),
                current.listenAddresses().stream().map(Multiaddr::value).toList(), peers.size(), peers);
    }
}
