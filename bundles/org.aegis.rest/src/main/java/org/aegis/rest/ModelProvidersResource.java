package org.aegis.rest;

import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.aegis.api.rest.RestApi;
import org.aegis.api.router.ModelRouter;
import org.aegis.api.router.ProviderStatus;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The model providers as the router sees them: circuit, load, counters, last error. */
@Component(service = ModelProvidersResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path(RestApi.BASE_PATH + "/models/providers")
@Produces(MediaType.APPLICATION_JSON)
public class ModelProvidersResource {

    /** {@code circuit} is {@code closed}, {@code open} or {@code half_open}. */
    public record ProviderView(String id, List<String> models, String circuit, int outstanding, long requests,
            long errors, double meanLatencyMillis, long promptTokens, long completionTokens, String lastError) {
    }

    public record ProvidersView(List<ProviderView> providers) {
    }

    @Reference
    ModelRouter router;

    @GET
    public ProvidersView providers() {
        return new ProvidersView(router.providers().stream().map(ModelProvidersResource::view).toList());
    }

    static ProviderView view(ProviderStatus p) {
        return new ProviderView(p.id(), p.models(), p.circuit().name().toLowerCase(), p.outstanding(), p.requests(),
                p.errors(), p.meanLatencyMillis(), p.promptTokens(), p.completionTokens(), p.lastError());
    }
}
