package org.aegis.rest;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.aegis.api.metrics.MetricsEngine;
import org.aegis.api.rest.RestApi;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The 13 oscillators now: phases, natural frequencies, who is coupled to whom, K and K_ext. */
@Component(service = OscillatorResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path(RestApi.BASE_PATH + "/metrics/oscillators")
@Produces(MediaType.APPLICATION_JSON)
public class OscillatorResource {

    @Reference
    MetricsEngine metrics;

    @GET
    public Response current() {
        return metrics.oscillators().map(state -> Response.ok(state).build())
                .orElseGet(() -> ApiError.response(503, "the oscillator network has not ticked yet"));
    }
}
