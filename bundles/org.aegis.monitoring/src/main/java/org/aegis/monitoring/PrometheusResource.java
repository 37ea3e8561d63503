package org.aegis.monitoring;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import org.aegis.api.rest.RequiresRole;
import org.aegis.api.rest.RestApi;
import org.aegis.api.security.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * {@code GET /metrics}: the node's metrics in the Prometheus text format, or OpenMetrics when the scraper asks for
 * it. A read like any other: a reader's token, or none from the node's own machine.
 */
@Component(service = PrometheusResource.class)
@JaxrsResource
@JaxrsExtensionSelect(RestApi.SELECT_SECURITY)
@Path("/metrics")
public class PrometheusResource {
    private final MonitoringRegistry registry;
    private final ExpositionFormats formats = ExpositionFormats.init();

    @Activate
    public PrometheusResource(@Reference MonitoringRegistry registry) {
        this.registry = registry;
    }

    @GET
    @RequiresRole(Role.READER)
    public Response scrape(@HeaderParam(HttpHeaders.ACCEPT) String accept) {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        MetricSnapshots snapshots = registry.scrape();
        StreamingOutput body = out -> writer.write(out, snapshots);
        return Response.ok(body).type(writer.getContentType()).build();
    }
}
