package org.aegis.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import javax.ws.rs.Consumes;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.aegis.api.metrics.Bipartition;
import org.aegis.api.metrics.MetricsCalculator;
import org.aegis.api.metrics.WindowAnalysis;
import org.aegis.api.rest.ReadOnly;
import org.aegis.api.rest.RestApi;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The metrics of a researcher's own recording: a phase series in (JSON rows or CSV), Φ, R, S, D, C and the MIB
 * out. A calculation changes nothing, so it is open like a read.
 */
@Component(service = MetricsComputeResource.class)
@JaxrsResource
@JaxrsExtensionSelect({RestApi.SELECT_JSON, RestApi.SELECT_SECURITY})
@Path(RestApi.BASE_PATH + "/metrics/compute")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsComputeResource {
    /** 100,000 rows of 16 numbers written out in full. */
    static final long MAX_BODY = 40L * 1024 * 1024;
    /** Each calculation may hold a core for seconds: two at a time on a node. */
    private final Semaphore running = new Semaphore(2);

    public record ComputeView(double phi, double coherence, double stability, double divergence,
            double consciousnessLevel, Bipartition mib, boolean phiReliable, boolean mibExact, int oscillators,
            int samples) {
    }

    @Reference
    MetricsCalculator calculator;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ReadOnly
    @MaxBodyBytes(MAX_BODY)
    public Response computeJson(InputStream body) throws IOException {
        return compute(PhaseRowsJson.read(body));
    }

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @ReadOnly
    @MaxBodyBytes(MAX_BODY)
    public Response computeCsv(InputStream body) throws IOException {
        return compute(calculator.readCsv(new InputStreamReader(body, StandardCharsets.UTF_8)));
    }

    private Response compute(double[][] phases) {
        if (!running.tryAcquire()) {
            return ApiError.response(503, "the node is computing other series; try again shortly");
        }
        try {
            WindowAnalysis a = calculator.analyse(phases);
            var m = a.metrics();
            return Response.ok(new ComputeView(m.phi(), m.coherence(), m.stability(), m.divergence(),
                    m.consciousnessLevel(), a.mib(), a.phiReliable(), a.mibExact(), a.oscillators(), a.samples()))
                    .build();
        } finally {
            running.release();
        }
    }
}
