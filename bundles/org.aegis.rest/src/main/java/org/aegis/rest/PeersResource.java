package org.aegis.rest;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.aegis.api.rest.ReadOnly;
import org.aegis.api.rest.RequiresRole;
import org.aegis.api.rest.RestApi;
import org.aegis.api.security.Role;
import org.aegis.api.transport.Multiaddr;
import org.aegis.api.transport.Transport;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** Peers: list them, connect to one by multiaddr (operators), measure the round trip to one. */
@Component(service = PeersResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path(RestApi.BASE_PATH + "/peers")
@Produces(MediaType.APPLICATION_JSON)
public class PeersResource {
    static final String NO_TRANSPORT = "no transport is installed: install the aegis-transport feature";

    /** @param address a multiaddr such as {@code /ip4/127.0.0.1/tcp/4002/p2p/12D3KooW…} */
    public record ConnectRequest(String address) {
    }

    public record PingView(String peerId, double rttMs) {
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Transport transport;

    @GET
    public Response list() {
        Transport current = transport;
        if (current == null) {
            return ApiError.response(503, NO_TRANSPORT);
        }
        List<PeerView> peers = current.peers().stream().map(PeerView::of).toList();
        return Response.ok(peers).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequiresRole(Role.OPERATOR)
    public CompletionStage<Response> connect(ConnectRequest request, @Context HttpServletRequest http) {
        if (request == null || request.address() == null || request.address().isBlank()) {
            throw new IllegalArgumentException("request body required: {\"address\": \"/ip4/…/tcp/…/p2p/…\"}");
        }
        Transport current = transport;
        if (current == null) {
            return CompletableFuture.completedFuture(ApiError.response(503, NO_TRANSPORT));
        }
        http.setAttribute(RestApi.AUDIT_DETAIL, "connect to " + request.address());
        return current.dial(new Multiaddr(request.address().trim()))
                .thenApply(peer -> Response.status(201).entity(PeerView.of(peer)).build())
                .exceptionally(failure -> ApiError.response(failure(failure) instanceof IllegalArgumentException ? 400 : 502,
                        "could not connect to " + request.address() + ": " + failure(failure).getMessage()));
    }

    @POST
    @Path("{peerId}/ping")
    @ReadOnly
    public CompletionStage<Response> ping(@PathParam("peerId") String peerId) {
        Transport current = transport;
        if (current == null) {
            return CompletableFuture.completedFuture(ApiError.response(503, NO_TRANSPORT));
        }
        return current.ping(peerId)
                .thenApply(rtt -> Response.ok(new PingView(peerId, rtt.toNanos() / 1e6)).build())
                .exceptionally(failure -> ApiError.response(
                        failure(failure) instanceof IllegalArgumentException ? 404 : 502,
                        "ping " + peerId + " failed: " + failure(failure).getMessage()));
    }

    /** The failure a completion stage reports, without the wrapper {@code thenApply} puts around it. */
    static Throwable failure(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
